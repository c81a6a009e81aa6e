import pytest

from tests.people.factories import make_person
from tests.registry.factories import make_stakeholder
from zemlyaki.core.models import AuditEntry
from zemlyaki.governance.models import Body, BodyMember, Power

from .factories import body_user, fill, make_body, make_member


@pytest.mark.django_db
def test_body_list_is_public_and_counts_members(client, django_assert_num_queries):
    group = make_body("Рабочая группа разработки Стратегии", powers=["plan.manage"])
    fill(group, 3)
    make_body("Редакционная группа", kind="editorial_group", parent=group)
    with django_assert_num_queries(2):  # count and page, nothing per body
        response = client.get("/bodies/")
    assert response.status_code == 200
    assert [(b.name, b.member_count) for b in response.context["page"]] == [
        ("Рабочая группа разработки Стратегии", 3),
        ("Редакционная группа", 0),
    ]
    assert "2 органа" in response.text
    assert "Создать орган" not in response.text


@pytest.mark.django_db
def test_body_detail_hides_member_names_from_guests(client, member):
    body = make_body(powers=["events.run"])
    make_member(body, person=make_person("Беликов", "Андрей", "Михайлович"))
    guest = client.get(f"/bodies/{body.pk}/")
    assert guest.status_code == 200
    assert "проводить мероприятие" in guest.text
    assert "Беликов" not in guest.text
    client.force_login(member)
    signed_in = client.get(f"/bodies/{body.pk}/")
    assert "Беликов Андрей Михайлович" in signed_in.text
    assert "исключить" not in signed_in.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 302), ("member", 403), ("leader", 403), ("administrator", 403), ("coordinator", 302)],
)
def test_only_coordinator_creates_bodies(client, role, expected):
    from tests.accounts.factories import UserFactory

    if role:
        client.force_login(UserFactory(role=role, username=f"u-{role}"))
    response = client.post(
        "/bodies/new/",
        {"kind": "control", "name": "Контрольный орган", "quorum_rule": "half"},
    )
    assert response.status_code == expected
    if role == "coordinator":
        body = Body.objects.get()
        assert response.url == f"/bodies/{body.pk}/"
        assert (
            AuditEntry.objects.filter(object_type="governance.body", action="create").count() == 1
        )
    else:
        if role is None:
            assert response.url.startswith("/accounts/login/")
        assert Body.objects.count() == 0


@pytest.mark.django_db
def test_body_member_holding_powers_cannot_edit_the_body(client):
    body = make_body(powers=["plan.manage", "events.run"])
    client.force_login(body_user(body))
    response = client.post(f"/bodies/{body.pk}/powers/add/", {"code": "strategy.approve"})
    assert response.status_code == 403
    assert list(
        Power.objects.filter(body=body).values_list("code", flat=True).order_by("code")
    ) == [
        "events.run",
        "plan.manage",
    ]


@pytest.mark.django_db
def test_coordinator_adds_member_with_errors_next_to_fields(client, coordinator):
    body = make_body()
    person = make_person("Орлова", "Наталья", "")
    client.force_login(coordinator)
    bad = client.post(
        f"/bodies/{body.pk}/members/add/",
        {"person": 999999, "position": "member", "since": "2024-01-01", "until": "2023-01-01"},
    )
    assert bad.status_code == 200
    assert bad.context["form"].errors["person"] == ["Участник с таким номером не найден."]
    good = client.post(
        f"/bodies/{body.pk}/members/add/",
        {"person": person.pk, "position": "secretary", "since": "2023-10-15"},
    )
    assert good.status_code == 302
    member = BodyMember.objects.get(body=body)
    assert (member.person, member.position, str(member.since)) == (
        person,
        "secretary",
        "2023-10-15",
    )
    dates = client.post(
        f"/bodies/{body.pk}/members/{member.pk}/edit/",
        {"position": "member", "since": "2024-01-01", "until": "2023-01-01"},
    )
    assert dates.context["form"].errors["until"] == ["Дата окончания раньше даты начала."]


@pytest.mark.django_db
def test_coordinator_grants_and_revokes_power(client, coordinator):
    body = make_body()
    client.force_login(coordinator)
    response = client.post(f"/bodies/{body.pk}/powers/add/", {"code": "kpi.record"})
    assert response.status_code == 302
    power = Power.objects.get(body=body)
    assert power.code == "kpi.record"
    client.post(f"/bodies/{body.pk}/powers/{power.pk}/revoke/")
    assert Power.objects.filter(body=body).count() == 0
    assert list(
        AuditEntry.objects.filter(object_type="governance.power")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["create", "delete"]


@pytest.mark.django_db
def test_composition_shows_represented_and_missing_kinds(client, member):
    council = make_body("Расширенный экспертный совет", kind="expert_council")
    business = make_stakeholder("Клуб предпринимателей", kind="business")
    media = make_stakeholder("Журнал «Земляки»", kind="media")
    make_member(council, person=make_person("Делов", "Иван", ""), stakeholder=business)
    make_member(council, person=make_person("Газетов", "Пётр", ""), stakeholder=media)
    make_member(council, person=make_person("Безроли", "Анна", ""))
    assert client.get(f"/bodies/{council.pk}/composition/").status_code == 302
    client.force_login(member)
    response = client.get(f"/bodies/{council.pk}/composition/")
    assert response.status_code == 200
    rows = {
        row["kind"]: [str(m.person) for m in row["members"]] for row in response.context["rows"]
    }
    assert rows["business"] == ["Делов Иван"]
    assert rows["media"] == ["Газетов Пётр"]
    assert len(rows) == 10
    missing = [row["kind"] for row in response.context["missing"]]
    assert len(missing) == 8 and "business" not in missing and "media" not in missing
    assert response.context["represented"] == 2
    assert [str(m.person) for m in response.context["unassigned"]] == ["Безроли Анна"]
    assert "Представлено видов субъектов: 2 из 10." in response.text


@pytest.mark.django_db
def test_candidates_page_adds_everyone(client, coordinator):
    from zemlyaki.people.services import candidate_add, candidate_list_create

    council = make_body("Совет", kind="expert_council")
    people = [make_person("Первый", "А", ""), make_person("Второй", "Б", "")]
    candidates = candidate_list_create(actor=coordinator, name="Эксперты")
    candidate_add(actor=coordinator, candidate_list=candidates, persons=people)
    client.force_login(coordinator)
    response = client.post(
        f"/bodies/{council.pk}/members/candidates/", {"candidate_list": candidates.pk}
    )
    assert response.status_code == 302
    assert sorted(str(m.person) for m in BodyMember.objects.filter(body=council)) == [
        "Второй Б",
        "Первый А",
    ]
