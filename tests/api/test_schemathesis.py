"""Every operation of /api/v1/openapi.json, tried with generated input by Schemathesis.

The schema is read from the application in-process (no server): each operation gets a few
generated requests, as a coordinator (Bearer token) and as a guest, against the demo data,
and each answer must pass three checks — no server error, the answer matches the schema
documented for its status, and that status is documented. Operations come from the schema
itself, so an operation added later is checked without touching this test.

Path parameters are drawn partly from the records that exist (small ids, the demo's slugs,
region codes and campaign years), so that the operations reach real objects and not only
their 404; the test fails when most reads never answer 2xx.
"""

import collections
import io

import pytest
import schemathesis
from django.apps import apps
from django.core import signals
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from zemlyaki.accounts.models import User
from zemlyaki.accounts.services import token_create
from zemlyaki.core.models import Region
from zemlyaki.registry.models import Association
from zemlyaki.standard.models import Campaign

EXAMPLES = 8
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
# Ids of the demo's records are small: most of them name a real record of each table.
KNOWN_IDS = st.integers(min_value=1, max_value=40)
# Authorization is sent by the test: a generated one would only ever answer 401.
CONFIG = {"generation": {"with-security-parameters": False, "deterministic": True}}


@pytest.fixture(params=["guest", "coordinator"])
def caller(request):
    return request.param


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    # PostgreSQL's sequences go on past the rows earlier tests rolled back: set them back to
    # the rows there are, so that the demo's ids are small there as on SQLite.
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(statement)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load-demo", stdout=io.StringIO())


@pytest.fixture
def headers(demo, caller):
    if caller == "guest":
        return {}
    user = User.objects.get(username="coordinator")
    return {"Authorization": f"Bearer {token_create(user=user)[1]}"}


@pytest.fixture
def api_schema(demo):
    # The requests go through Django's own WSGI handler inside the test's transaction: the
    # end of a request must not close that connection (Django's test client does the same).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi(
            "/api/v1/openapi.json",
            get_wsgi_application(),
            config=schemathesis.Config.from_dict(CONFIG),
        )
        known = {
            "slug": list(Association.objects.order_by("pk").values_list("slug", flat=True)[:20]),
            "code": list(Region.objects.order_by("pk").values_list("code", flat=True)[:20]),
            "year": list(Campaign.objects.values_list("year", flat=True)),
        }

        @schema.hook
        def flatmap_path_parameters(context, path_parameters):
            if not path_parameters:
                return st.just(path_parameters)
            return st.fixed_dictionaries(
                {name: _existing(name, value, known) for name, value in path_parameters.items()}
            )

        yield schema
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _existing(name, generated, known):
    """The generated value, or a value naming a record that exists."""
    if isinstance(generated, bool) or not isinstance(generated, int | str):
        return st.just(generated)
    values = known.get(name)
    if values and isinstance(generated, type(values[0])):
        return st.one_of(st.sampled_from(values), st.just(generated))
    if isinstance(generated, int):
        return st.one_of(KNOWN_IDS, st.just(generated))
    return st.just(generated)


def test_every_operation_as_a_guest_and_as_a_coordinator(api_schema, caller, headers):
    failures = {}
    answered = collections.defaultdict(set)  # operation → the statuses it answered
    for result in api_schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            problem = _try(operation, mode, api_schema.hooks, headers, answered[operation.label])
            if problem:
                failures[f"{operation.label} ({mode.value})"] = problem
    assert not failures, "\n\n".join(f"{label}:\n{problem}" for label, problem in failures.items())
    # The requests reach real records, not only refusals: most reads answer 2xx at least
    # once for the coordinator (54 of 56 today), the public ones for a guest (26 of 56).
    assert len(answered) >= 100
    reads = {label for label in answered if label.startswith("GET ")}
    read = {label for label in reads if any(status < 300 for status in answered[label])}
    share = 0.8 if caller == "coordinator" else 0.25
    assert len(read) >= share * len(reads), sorted(reads - read)


def _try(operation, mode, hooks, headers, statuses):
    """The failure of one operation's generated requests, as text, or None."""

    @given(case=operation.as_strategy(mode, hooks=hooks))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        statuses.add(response.status_code)

    try:
        run()
    except Unsatisfiable:
        return None  # nothing invalid to send: no parameters, or only free-form strings
    except (Exception, BaseExceptionGroup) as error:  # all are reported, then the test fails
        return _shortened(str(error))
    return None


def _shortened(text, limit=1500):
    return text if len(text) <= limit else text[:limit] + " …"
