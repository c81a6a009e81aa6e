"""Changing a program on its page and through PATCH /api/v1/programs/{id}: the same right
(``programs.change_program``), the same service with its checks, the association kept, a
responsible person named only among the people the user sees; a refused change leaves
the program as it was and writes nothing to the log."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.people.factories import make_person
from tests.programs.factories import leader_of, make_need, make_program
from tests.registry.factories import make_association
from tests.support.audit import audit_trail
from zemlyaki.core.models import AuditEntry
from zemlyaki.programs.models import Program

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    own = make_association("Тамбовское землячество", ["68"])
    other = make_association("Курское землячество", ["46"])
    program = make_program(
        title="Школа земляков",
        association=own,
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2026, 12, 31),
    )
    return {
        "own": own,
        "program": program,
        "leader": leader_of(own),
        "outsider": leader_of(other),
        "member": make_person(last="Своя", first="Анна", patronymic="Петровна", association=own),
        "stranger": make_person(last="Чужая", first="Мария", patronymic="", association=other),
    }


def _state(program):
    p = Program.objects.get(pk=program.pk)
    return (p.title, p.association_id, p.start, p.end, p.responsible_person_id,
            AuditEntry.objects.count())  # fmt: skip


def _form(**changes):
    return {"title": "Школа земляков", "start": "2025-01-01", "end": "2026-12-31", **changes}


def test_the_leader_changes_the_program_on_its_page(client, world):
    program, url = world["program"], reverse("programs:program_edit", args=[world["program"].pk])
    client.force_login(world["leader"])

    page = client.get(url)
    assert page.status_code == 200
    assert "association" not in page.context["form"].fields  # the association stays
    answer = client.post(
        url,
        _form(
            title="Школа земляков 2.0",
            end="2027-06-30",
            responsible_person=world["member"].pk,
        ),
    )

    assert answer.status_code == 302 and answer["Location"] == f"/programs/{program.pk}/"
    program.refresh_from_db()
    assert (program.title, program.end, program.responsible_person, program.association) == (
        "Школа земляков 2.0",
        datetime.date(2027, 6, 30),
        world["member"],
        world["own"],
    )
    assert audit_trail(program)[-1] == ("update", world["leader"].username)


def test_a_leader_of_another_association_may_not(client, world):
    url = reverse("programs:program_edit", args=[world["program"].pk])
    before = _state(world["program"])
    client.force_login(world["outsider"])

    assert client.get(url).status_code == 403
    assert client.post(url, _form(title="Чужая правка")).status_code == 403
    assert _state(world["program"]) == before


def test_a_shorter_term_than_its_needs_is_refused_beside_the_end(client, world):
    make_need(world["program"], start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 1))
    before = _state(world["program"])
    client.force_login(world["leader"])

    answer = client.post(
        reverse("programs:program_edit", args=[world["program"].pk]), _form(end="2025-06-30")
    )

    assert answer.status_code == 200
    assert answer.context["form"].errors == {
        "end": ["Потребности или обязательства программы выходят за новый срок."]
    }
    assert _state(world["program"]) == before


def test_a_responsible_person_the_leader_does_not_see_is_kept_unseen(client, coordinator, world):
    from zemlyaki.programs import services

    program = world["program"]
    services.program_update(
        actor=coordinator, program=program, responsible_person=world["stranger"]
    )
    url = reverse("programs:program_edit", args=[program.pk])
    client.force_login(world["leader"])

    page = client.get(url)
    assert page.context["form"]["responsible_person"].value() is None
    field = re.search(r'<input[^>]*name="responsible_person"[^>]*>', page.text).group(0)
    assert "value=" not in field
    assert "его карточка вам не видна" in page.text
    client.post(url, _form(title="Школа земляков, осень"))
    program.refresh_from_db()
    assert (program.title, program.responsible_person) == (
        "Школа земляков, осень",
        world["stranger"],
    )

    client.post(url, _form(responsible_person=world["member"].pk))
    program.refresh_from_db()
    assert program.responsible_person == world["member"]


def test_the_api_changes_only_what_is_sent(api, token_for, world):
    program = world["program"]
    token = token_for(world["leader"])
    path = f"/programs/{program.pk}"

    changed = api.patch(
        path, {"goals": "Уточнённые цели.", "responsible_person": world["member"].pk}, token
    )

    assert changed.status_code == 200
    assert changed.json()["goals"] == "Уточнённые цели."
    assert changed.json()["responsible_person"] == world["member"].pk
    program.refresh_from_db()
    assert (program.title, program.goals, program.responsible_person) == (
        "Школа земляков",
        "Уточнённые цели.",
        world["member"],
    )
    cleared = api.patch(path, {"responsible_person": None}, token)
    assert cleared.status_code == 200 and cleared.json()["responsible_person"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"responsible_person": "stranger"}, "responsible_person"),
        ({"start": None}, "start"),
        ({"end": "2025-03-01", "start": "2025-06-01"}, "end"),
        ({"directions": [999999]}, "directions"),
    ],
)
def test_the_api_refuses_by_field_and_changes_nothing(api, token_for, world, body, field):
    if body.get("responsible_person") == "stranger":
        body = {"responsible_person": world["stranger"].pk}
    token = token_for(world["leader"])
    before = _state(world["program"])

    answer = api.patch(f"/programs/{world['program'].pk}", body, token)

    assert answer.status_code == 422
    assert [item["field"] for item in answer.json()["detail"]] == [field]
    assert _state(world["program"]) == before


def test_the_api_refuses_a_leader_of_another_association(api, token_for, world):
    token = token_for(world["outsider"])
    before = _state(world["program"])

    answer = api.patch(f"/programs/{world['program'].pk}", {"title": "Чужая правка"}, token)

    assert answer.status_code == 403
    assert _state(world["program"]) == before
