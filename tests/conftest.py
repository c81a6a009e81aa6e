import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def restore_migrations():
    """A test that migrates the database back to an old state leaves it fully migrated
    again, so later tests on the same database find every table."""
    yield
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def coordinator(db):
    from tests.accounts.factories import UserFactory

    return UserFactory(role="coordinator", username="coord")


@pytest.fixture
def administrator(db):
    from tests.accounts.factories import UserFactory

    return UserFactory(role="administrator", username="admin1", is_staff=True, is_superuser=True)


@pytest.fixture
def leader(db):
    from tests.accounts.factories import UserFactory

    return UserFactory(role="leader", username="lead")


@pytest.fixture
def member(db):
    from tests.accounts.factories import UserFactory

    return UserFactory(role="member", username="memb")


@pytest.fixture
def api():
    """A Django test client speaking JSON to /api/v1/ with an optional bearer token."""
    from django.test import Client

    class ApiClient:
        def __init__(self) -> None:
            self.client = Client()

        def _headers(self, token):
            return {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

        def get(self, path, token=None, **params):
            return self.client.get(f"/api/v1{path}", params, **self._headers(token))

        def post(self, path, data=None, token=None):
            return self.client.post(
                f"/api/v1{path}",
                data or {},
                content_type="application/json",
                **self._headers(token),
            )

        def patch(self, path, data=None, token=None):
            return self.client.patch(
                f"/api/v1{path}",
                data or {},
                content_type="application/json",
                **self._headers(token),
            )

        def put(self, path, data=None, token=None):
            return self.client.put(
                f"/api/v1{path}",
                data or {},
                content_type="application/json",
                **self._headers(token),
            )

        def delete(self, path, token=None):
            return self.client.delete(f"/api/v1{path}", **self._headers(token))

    return ApiClient()


@pytest.fixture
def token_for():
    from zemlyaki.accounts.services import token_create

    def make(user):
        return token_create(user=user)[1]

    return make


@pytest.fixture
def smtp(settings):
    """Mail goes to a real SMTP server on loopback; yields the list of received messages."""
    from tests.support.smtp import smtp_server

    with smtp_server() as (port, messages):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        yield messages


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (the local-memory cache outlives tests)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _russian():
    """Each test starts in Russian: a request in another language leaves that language
    active in the thread, which would leak into the next test."""
    from django.utils import translation

    translation.activate("ru")
    yield
    translation.deactivate()


@pytest.fixture
def role_matrix(coordinator, administrator, leader, member):
    """One user per role of the permission matrix (docs/roles-and-permissions.md): a guest,
    a member, a member of a working body (without powers), a leader, a coordinator and an
    administrator."""
    from django.contrib.auth.models import AnonymousUser

    from tests.governance.factories import body_user, make_body

    return {
        "guest": AnonymousUser(),
        "member": member,
        "body_member": body_user(make_body(name="Совет для матрицы"), username="matrix-body"),
        "leader": leader,
        "coordinator": coordinator,
        "administrator": administrator,
    }
