"""A program's responsible person: named on the page as through the API (only among the
people the user sees), and shown by name only to those who may see that person — the
program's page is public."""

import pytest
from django.urls import reverse

from tests.people.factories import make_person
from tests.programs.factories import leader_of, make_program
from tests.registry.factories import make_association
from zemlyaki.core.models import AuditEntry
from zemlyaki.programs.models import Program

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    own = make_association("Тамбовское землячество", ["68"])
    other = make_association("Курское землячество", ["46"])
    return {
        "own": own,
        "leader": leader_of(own),
        "member": make_person(last="Своя", first="Анна", patronymic="Петровна", association=own),
        "stranger": make_person(last="Чужая", first="Мария", patronymic="", association=other),
    }


def _form(world, **changes):
    return {
        "title": "Школа земляков",
        "association": world["own"].pk,
        "start": "2025-01-01",
        "end": "2025-12-31",
        **changes,
    }


def test_the_leader_names_a_member_of_their_association_by_number(client, world):
    client.force_login(world["leader"])

    answer = client.post(
        reverse("programs:program_create"), _form(world, responsible_person=world["member"].pk)
    )

    program = Program.objects.get()
    assert answer.status_code == 302
    assert program.responsible_person == world["member"]
    page = client.get(reverse("programs:program_detail", args=[program.pk])).text
    assert (
        f'<a id="responsible-person" href="/people/{world["member"].pk}/">'
        "Своя Анна Петровна</a>" in page
    )


@pytest.mark.parametrize("number", ["stranger", 999999, "абв"])
def test_anyone_else_is_not_found_beside_the_field_and_nothing_is_created(client, world, number):
    client.force_login(world["leader"])
    value = world["stranger"].pk if number == "stranger" else number
    audit = AuditEntry.objects.count()

    answer = client.post(reverse("programs:program_create"), _form(world, responsible_person=value))

    assert answer.status_code == 200
    assert answer.context["form"].errors == {
        "responsible_person": ["Участник с таким номером не найден."]
    }
    assert "Участник с таким номером не найден." in answer.text
    assert (Program.objects.count(), AuditEntry.objects.count()) == (0, audit)


def test_the_name_is_shown_only_to_whoever_sees_the_person(client, api, token_for, world):
    program = make_program(association=world["own"], responsible_person=world["member"])
    detail = reverse("programs:program_detail", args=[program.pk])
    outsider = leader_of(make_association("Рязанское землячество", ["62"]))

    assert client.get(detail).status_code == 200
    assert "Своя Анна" not in client.get(detail).text  # the page is public
    assert api.get(f"/programs/{program.pk}").json()["responsible_person"] is None
    client.force_login(outsider)
    assert "Своя Анна" not in client.get(detail).text
    outsider_view = api.get(f"/programs/{program.pk}", token=token_for(outsider)).json()
    assert outsider_view["responsible_person"] is None

    client.force_login(world["leader"])
    assert "Своя Анна Петровна" in client.get(detail).text
    own_view = api.get(f"/programs/{program.pk}", token=token_for(world["leader"])).json()
    assert own_view["responsible_person"] == world["member"].pk
    listed = api.get("/programs", token=token_for(world["leader"])).json()["items"]
    assert [(p["id"], p["responsible_person"]) for p in listed] == [
        (program.pk, world["member"].pk)
    ]
