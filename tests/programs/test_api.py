"""The programs API: lists, balance, pledges, the 409 of a stale transition, 422s."""

from decimal import Decimal

import pytest

from tests.programs.factories import D, make_need, make_pledge, make_program, representative
from tests.registry.factories import make_association, make_stakeholder
from zemlyaki.directions.models import Direction
from zemlyaki.programs import services
from zemlyaki.programs.models import Pledge, ResourceNeed

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    return make_program(title="Тамбовская программа", association=make_association())


def test_directions_list_has_the_analysis_directions(api):
    response = api.get("/directions")
    assert response.status_code == 200
    codes = [d["code"] for d in response.json()]
    assert codes[:3] == list(
        Direction.objects.order_by("order", "name").values_list("code", flat=True)[:3]
    )
    culture = next(d for d in response.json() if d["code"] == "culture")
    assert (culture["level"], culture["level_name"], culture["sources"]) == (
        "own",
        "собственное направление землячеств",
        [],
    )


def test_programs_filtered_and_paged(api, program):
    youth = Direction.objects.get(code="youth")
    make_program(
        title="Молодёжь землячеств", directions=[youth], start=D(2028, 1, 1), end=D(2030, 12, 31)
    )
    make_program(title="Память земляков", status="running")
    response = api.get("/programs", limit=2)
    assert response.json()["count"] == 3
    assert [p["title"] for p in response.json()["items"]] == [
        "Молодёжь землячеств",
        "Память земляков",
    ]
    assert [p["title"] for p in api.get("/programs", direction=youth.pk).json()["items"]] == [
        "Молодёжь землячеств"
    ]
    assert [p["title"] for p in api.get("/programs", year=2029).json()["items"]] == [
        "Молодёжь землячеств"
    ]
    assert [p["title"] for p in api.get("/programs", status="running").json()["items"]] == [
        "Память земляков"
    ]
    assert [
        p["title"] for p in api.get("/programs", association=program.association_id).json()["items"]
    ] == ["Тамбовская программа"]


def test_balance_endpoint(api, program, coordinator):
    need = make_need(program, quantity="1000")
    make_need(program, kind="volunteers", quantity="20", unit="person_days")
    pledge = make_pledge(program, need=need, quantity="700")
    services.pledge_transition(actor=coordinator, pledge=pledge, to="confirmed")
    make_pledge(program, need=need, quantity="600")
    response = api.get(f"/programs/{program.pk}/balance")
    assert response.status_code == 200
    assert [
        {
            k: r[k]
            for k in ("kind", "unit", "needed", "pledged", "confirmed", "delivered", "gap", "over")
        }
        for r in response.json()
    ] == [
        {
            "kind": "money",
            "unit": "rub",
            "needed": "1000.00",
            "pledged": "1300.00",
            "confirmed": "700.00",
            "delivered": "0.00",
            "gap": "300.00",
            "over": True,
        },
        {
            "kind": "volunteers",
            "unit": "person_days",
            "needed": "20.00",
            "pledged": "0.00",
            "confirmed": "0.00",
            "delivered": "0.00",
            "gap": "20.00",
            "over": False,
        },
    ]


def test_representative_pledges_and_second_confirmation_gets_409(
    api, program, coordinator, token_for
):
    giver = make_stakeholder(kind="media", name="Газета «Земляки»")
    rep = representative(giver)
    need = make_need(program, kind="information", quantity="10", unit="publications")
    response = api.post(
        "/pledges",
        {
            "program": program.pk,
            "need": need.pk,
            "stakeholder": giver.pk,
            "quantity": "4",
            "unit": "publications",
            "contact": "редакция, +7 495 000-00-00",
        },
        token=token_for(rep),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["status"], body["giver_name"], body["contact"]) == (
        "information",
        "pledged",
        "Газета «Земляки»",
        None,  # the representative does not manage the program
    )
    token = token_for(coordinator)
    first = api.post(f"/pledges/{body['id']}/transition", {"to": "confirmed"}, token=token)
    assert first.status_code == 200 and first.json()["status"] == "confirmed"
    second = api.post(f"/pledges/{body['id']}/transition", {"to": "confirmed"}, token=token)
    assert second.status_code == 409
    assert second.json() == {
        "detail": "Обязательство уже в состоянии «подтверждено»; переход «подтверждено» невозможен.",
        "status": "confirmed",
        "status_name": "подтверждено",
    }
    delivered = api.post(
        f"/pledges/{body['id']}/transition",
        {"to": "delivered", "delivered_quantity": "3", "evidence_url": "https://example.org/n1"},
        token=token,
    )
    assert delivered.status_code == 200
    assert (delivered.json()["delivered_quantity"], delivered.json()["contact"]) == (
        "3.00",
        "редакция, +7 495 000-00-00",
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"quantity": "-1"}, "quantity", "Количество должно быть больше нуля."),
        ({"quantity": "0"}, "quantity", "Количество должно быть больше нуля."),
        ({"need": None, "unit": "sqm"}, "unit", "Для этого вида ресурса допустимы единицы: руб.."),
        ({"unit": "hours", "kind": "money"}, "unit", None),
        ({"start": "2031-01-01"}, "start", "Дата вне срока программы (01.01.2025 — 31.12.2027)."),
    ],
)
def test_bad_pledge_is_422_naming_the_field(
    change, field, message, api, program, coordinator, token_for
):
    need = make_need(program, quantity="1000")
    body = {
        "program": program.pk,
        "need": need.pk,
        "stakeholder": make_stakeholder().pk,
        "kind": "money",
        "quantity": "10",
        "unit": "rub",
        **change,
    }
    response = api.post("/pledges", body, token=token_for(coordinator))
    assert response.status_code == 422
    fields = [d["field"] for d in response.json()["detail"]]
    assert field in fields
    if message:
        assert next(d["msg"] for d in response.json()["detail"] if d["field"] == field) == message
    assert Pledge.objects.count() == 0


def test_pledge_unit_differing_from_its_need(api, program, coordinator, token_for):
    need = make_need(program, kind="premises", quantity="100", unit="sqm")
    body = {
        "program": program.pk,
        "need": need.pk,
        "stakeholder": make_stakeholder().pk,
        "quantity": "10",
        "unit": "hours",
    }
    response = api.post("/pledges", body, token=token_for(coordinator))
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "unit"],
            "field": "unit",
            "msg": "Единица должна совпадать с единицей потребности (м²).",
            "type": "value_error",
        }
    ]


def test_bad_need_is_422(api, program, coordinator, token_for):
    response = api.post(
        f"/programs/{program.pk}/needs",
        {"kind": "transport", "quantity": "5", "unit": "rub", "end": "2033-01-01"},
        token=token_for(coordinator),
    )
    assert response.status_code == 422
    assert {d["field"]: d["msg"] for d in response.json()["detail"]} == {
        "unit": "Для этого вида ресурса допустимы единицы: поездки, часы, места.",
        "end": "Дата вне срока программы (01.01.2025 — 31.12.2027).",
    }
    assert ResourceNeed.objects.count() == 0


def test_program_period_outside_the_strategy_is_422(api, coordinator, token_for):
    response = api.post(
        "/programs",
        {"title": "Долгая", "start": "2023-01-01", "end": "2030-01-01"},
        token=token_for(coordinator),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "start"


def test_deleting_a_program_with_pledges_is_refused(api, program, coordinator, token_for):
    make_pledge(program)
    response = api.delete(f"/programs/{program.pk}", token=token_for(coordinator))
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == (
        "У программы есть ресурсные обязательства: её нельзя удалить, можно прекратить."
    )
    stopped = api.post(f"/programs/{program.pk}/stop", {}, token=token_for(coordinator))
    assert stopped.status_code == 200 and stopped.json()["status"] == "stopped"


def test_a_persons_pledge_hides_the_name_from_guests(api, program, coordinator, token_for):
    from tests.people.factories import make_person

    person = make_person(last="Сидорова", first="Анна")
    make_pledge(program, giver=person, quantity="50", contact="+7 900 000-00-00")
    guest = api.get("/pledges", program=program.pk).json()["items"][0]
    assert (guest["giver_name"], guest["giver"], guest["contact"]) == (
        "участник землячества",
        None,
        None,
    )
    staff = api.get("/pledges", token=token_for(coordinator), program=program.pk).json()["items"][0]
    assert staff["giver"] == person.pk and staff["contact"] == "+7 900 000-00-00"
    assert Decimal(staff["quantity"]) == Decimal("50")


def test_coordinator_links_a_representative_who_then_may_pledge(
    api, coordinator, leader, token_for
):
    from tests.accounts.factories import UserFactory
    from tests.people.factories import make_person

    giver = make_stakeholder(name="Дом народов России", kind="public_institutions")
    user = UserFactory(role="member", username="future-rep")
    person = make_person(last="Будущий")
    person.user = user
    person.save(update_fields=["user"])
    url = f"/stakeholders/{giver.pk}/representatives"
    assert api.post(url, {"person": person.pk}, token=token_for(leader)).status_code == 403
    assert not user.has_perm("programs.add_pledge", giver)
    response = api.post(
        url, {"person": person.pk, "position": "директор"}, token=token_for(coordinator)
    )
    assert response.status_code == 201
    assert response.json()["position"] == "директор"
    user = type(user).objects.get(pk=user.pk)
    assert user.has_perm("programs.add_pledge", giver)


def test_responsible_person_only_among_the_people_the_caller_sees(
    api, leader, coordinator, token_for
):
    """A leader names a member of an association they lead; anyone else, an erased person
    or an id of nobody is a wrong field (422, the same answer), and nothing is created."""
    from django.utils import timezone

    from tests.people.factories import make_person
    from zemlyaki.core.models import AuditEntry
    from zemlyaki.people.models import Person
    from zemlyaki.programs.models import Program

    own, other = make_association("Тамбовское землячество"), make_association("Курское")
    own.leaders.add(leader)
    member = make_person(last="Своя", first="Анна", association=own)
    stranger = make_person(last="Чужая", first="Мария", association=other)
    body = {"title": "Своя программа", "association": own.pk, "start": "2025-01-01",
            "end": "2026-12-31"}  # fmt: skip
    token = token_for(leader)
    before = (Program.objects.count(), AuditEntry.objects.count())
    for pk in (stranger.pk, 999999):
        refused = api.post("/programs", {**body, "responsible_person": pk}, token=token)
        assert refused.status_code == 422
        assert [(d["field"], d["msg"]) for d in refused.json()["detail"]] == [
            ("responsible_person", f"Не найдено: {pk}.")
        ]
    assert (Program.objects.count(), AuditEntry.objects.count()) == before

    created = api.post("/programs", {**body, "responsible_person": member.pk}, token=token)
    assert created.status_code == 201
    assert Program.objects.get(pk=created.json()["id"]).responsible_person == member
    community = api.post(
        "/programs",
        {**body, "association": None, "responsible_person": stranger.pk},
        token=token_for(coordinator),
    )
    assert community.status_code == 201
    assert Program.objects.get(pk=community.json()["id"]).responsible_person == stranger
    erased = make_person(last="Удалённая", first="Ольга", association=own)
    Person.objects.filter(pk=erased.pk).update(erased_at=timezone.now())
    gone = api.post(
        "/programs",
        {**body, "association": None, "responsible_person": erased.pk},
        token=token_for(coordinator),
    )
    assert gone.status_code == 422
    assert gone.json()["detail"][0]["field"] == "responsible_person"
