import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.people.factories import make_person
from zemlyaki.core.models import AuditEntry
from zemlyaki.governance.models import Body, BodyMember, Power
from zemlyaki.governance.services import (
    body_add_members_from_candidates,
    body_update,
    member_add,
    member_update,
    power_grant,
    quorum_check,
)

from .factories import YESTERDAY, fill, make_body, make_member


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rule", "members", "present", "ok"),
    [
        ("half", 6, 3, False),
        ("half", 6, 4, True),
        ("half", 5, 3, True),
        ("half", 5, 2, False),
        ("two_thirds", 6, 3, False),
        ("two_thirds", 6, 4, True),
        ("two_thirds", 7, 4, False),
        ("two_thirds", 7, 5, True),
        ("any", 3, 0, True),
    ],
)
def test_quorum_rules(rule, members, present, ok):
    body = make_body(quorum_rule=rule)
    fill(body, members)
    result, reason = quorum_check(body=body, present=present)
    assert result is ok
    assert ("Кворум есть" in reason or "не требуется" in reason) is ok


@pytest.mark.django_db
def test_quorum_reason_is_russian_and_counts_only_current_members():
    body = make_body("Оргкомитет", kind="organising_committee")
    fill(body, 4)
    fill(body, 3, until=YESTERDAY)  # left the body: not counted
    ok, reason = quorum_check(body=body, present=2)
    assert ok is False
    assert reason == (
        "Кворума нет: присутствуют 2 из 4 членов органа «Оргкомитет», "
        "а нужно более половины — не менее 3."
    )


@pytest.mark.django_db
def test_quorum_refuses_more_present_than_members_and_an_empty_body():
    body = make_body("Совет")
    assert quorum_check(body=body, present=0) == (
        False,
        "В органе «Совет» нет действующих членов: кворума нет.",
    )
    fill(body, 2)
    ok, reason = quorum_check(body=body, present=3)
    assert ok is False
    assert reason == "Присутствующих (3) больше, чем членов органа «Совет» (2)."


@pytest.mark.django_db
def test_body_cannot_contain_itself_through_children(coordinator):
    group = make_body("Рабочая группа")
    editorial = make_body("Редакционная группа", kind="editorial_group", parent=group)
    with pytest.raises(ValidationError) as error:
        body_update(actor=coordinator, body=group, parent=editorial)
    assert error.value.message_dict["parent"] == [
        "Орган не может входить сам в себя, даже через другие органы."
    ]
    group.refresh_from_db()
    assert group.parent is None


@pytest.mark.django_db
def test_term_cannot_end_before_formation():
    with pytest.raises(ValidationError) as error:
        make_body(formed_on=datetime.date(2023, 10, 15), term_until=datetime.date(2023, 1, 1))
    assert error.value.message_dict["term_until"] == [
        "Срок полномочий не может кончаться раньше даты формирования."
    ]
    assert Body.objects.count() == 0


@pytest.mark.django_db
def test_member_add_writes_audit_and_refuses_duplicates_and_second_chair(coordinator):
    body = make_body()
    person = make_person("Беликов", "Андрей", "Михайлович")
    member_add(actor=coordinator, body=body, person=person, position="chair")
    entry = AuditEntry.objects.get(object_type="governance.bodymember")
    assert entry.action == "create"
    assert entry.after["person"] == "Беликов Андрей Михайлович"
    with pytest.raises(ValidationError) as error:
        member_add(actor=coordinator, body=body, person=person)
    assert error.value.message_dict["person"] == ["Этот участник уже входит в орган."]
    other = make_person("Орлова", "Наталья", "")
    with pytest.raises(ValidationError) as error:
        member_add(actor=coordinator, body=body, person=other, position="chair")
    assert error.value.message_dict["position"] == [
        "У органа уже есть председатель: Беликов Андрей Михайлович."
    ]
    assert BodyMember.objects.filter(body=body).count() == 1


@pytest.mark.django_db
def test_member_dates_are_checked(coordinator):
    body = make_body()
    member = make_member(body)
    with pytest.raises(ValidationError) as error:
        member_update(
            actor=coordinator,
            member=member,
            since=datetime.date(2024, 1, 1),
            until=datetime.date(2023, 1, 1),
        )
    assert error.value.message_dict["until"] == ["Дата окончания раньше даты начала."]
    member.refresh_from_db()
    assert member.since is None


@pytest.mark.django_db
def test_power_grant_checks_code_scope_and_duplicates(coordinator):
    from tests.registry.factories import make_association

    body = make_body()
    with pytest.raises(ValidationError) as error:
        power_grant(actor=coordinator, body=body, code="nonsense")
    assert error.value.message_dict["code"] == ["Неизвестное полномочие."]
    with pytest.raises(ValidationError) as error:
        power_grant(
            actor=coordinator,
            body=body,
            code="standard.review",
            scope_type="registry.association",
            scope_id="999999",
        )
    assert error.value.message_dict["scope_id"] == ["Объект с таким номером не найден."]
    association = make_association()
    power = power_grant(
        actor=coordinator,
        body=body,
        code="standard.review",
        scope_type="registry.association",
        scope_id=str(association.pk),
    )
    assert (power.scope_type, power.scope_id) == ("registry.association", str(association.pk))
    with pytest.raises(ValidationError):
        power_grant(
            actor=coordinator,
            body=body,
            code="standard.review",
            scope_type="registry.association",
            scope_id=str(association.pk),
        )
    assert Power.objects.filter(body=body).count() == 1
    assert AuditEntry.objects.filter(object_type="governance.power").count() == 1


@pytest.mark.django_db
def test_candidates_join_in_one_step(coordinator):
    from tests.registry.factories import make_stakeholder
    from zemlyaki.people.services import candidate_add, candidate_list_create

    council = make_body("Экспертный совет", kind="expert_council")
    already = make_person("Уже", "Член", "")
    make_member(council, person=already)
    newcomers = [make_person("Новиков", "Олег", ""), make_person("Новикова", "Ольга", "")]
    candidates = candidate_list_create(actor=coordinator, name="Эксперты")
    candidate_add(actor=coordinator, candidate_list=candidates, persons=[already, *newcomers])
    business = make_stakeholder(kind="business")
    added = body_add_members_from_candidates(
        actor=coordinator, body=council, candidate_list=candidates, stakeholder=business
    )
    assert [m.person for m in added] == newcomers
    assert {m.stakeholder for m in added} == {business}
    assert BodyMember.objects.filter(body=council).count() == 3
    again = body_add_members_from_candidates(
        actor=coordinator, body=council, candidate_list=candidates
    )
    assert again == []
