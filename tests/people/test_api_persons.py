"""A person's card through the API, as its pages change it: create into an association,
change, mark as initiative, consents, memberships, erase; one's own consents and
invitation — same permissions, services and audit as the pages."""

import pytest

from tests.registry.factories import make_association
from tests.support.audit import audit_trail, row_counts
from zemlyaki.core.models import AuditEntry
from zemlyaki.people import invitations, rights
from zemlyaki.people.models import Consent, Membership, Person

from .factories import make_person

pytestmark = pytest.mark.django_db


# the tables a refused write leaves as they were
COUNTED = (Person, Membership, Consent, AuditEntry)


@pytest.fixture
def tambov(leader):
    association = make_association("Тамбовское землячество", ["68"])
    association.leaders.add(leader)
    return association


def test_leader_creates_and_changes_a_member(api, leader, tambov, token_for):
    token = token_for(leader)
    created = api.post(
        "/people",
        {
            "last_name": "Тамбовцева",
            "first_name": "Ольга",
            "patronymic": "Петровна",
            "email": "Olga@Example.org",
            "home_region": "68",
            "association": tambov.slug,
            "consent": {"form": "paper", "given_on": "2025-03-01"},
        },
        token=token,
    )
    assert created.status_code == 201
    person = Person.objects.get(pk=created.json()["id"])
    assert created.json()["last_name"] == "Тамбовцева"
    details = created.json()["details"]
    assert (details["email"], details["home_region"], details["associations"]) == (
        "olga@example.org",
        "68",
        [tambov.slug],
    )
    assert details["has_consent"] is True
    assert audit_trail(person) == [("create", "lead")]

    changed = api.patch(
        f"/people/{person.pk}",
        {"occupation": "юрист", "phone": "8 (475) 212-34-56", "competencies": ["Право"]},
        token=token,
    )
    assert changed.status_code == 200
    person.refresh_from_db()
    assert (person.occupation, person.phone) == ("юрист", "+74752123456")
    assert [c.name for c in person.competencies.all()] == ["Право"]
    assert audit_trail(person)[-1] == ("update", "lead")

    marked = api.put(
        f"/people/{person.pk}/initiative",
        {"is_initiative": True, "initiative_reason": "Организовала субботник"},
        token=token,
    )
    assert marked.json()["details"]["is_initiative"] is True
    member = api.put(
        f"/people/{person.pk}/memberships/{tambov.slug}",
        {"role": "secretary", "since": "2020-01-01"},
        token=token,
    )
    assert member.json() == {
        "id": Membership.objects.get(person=person).pk,
        "person": person.pk,
        "association": tambov.slug,
        "role": "secretary",
        "since": "2020-01-01",
        "until": None,
    }


def test_person_refusals_and_field_errors(api, leader, member, tambov, token_for):
    other = make_association("Рязанское землячество", ["62"])
    stranger = make_person("Рязанов", "Павел", "", association=other)
    token, memb = token_for(leader), token_for(member)
    before = row_counts(*COUNTED)
    missing = api.post("/people", {"association": tambov.slug}, token=token)
    assert missing.status_code == 422
    assert {d["field"] for d in missing.json()["detail"]} == {"last_name", "first_name"}
    bad = api.post(
        "/people",
        {"last_name": "Х", "first_name": "Y", "email": "не адрес", "association": tambov.slug},
        token=token,
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "email"
    foreign = api.post(
        "/people", {"last_name": "Х", "first_name": "Y", "association": other.slug}, token=token
    )
    assert foreign.status_code == 403
    assert (
        api.post(
            "/people", {"last_name": "Х", "first_name": "Y", "association": "net"}, token=token
        ).json()["detail"][0]["msg"]
        == "Землячество не найдено."
    )
    assert api.patch(f"/people/{stranger.pk}", {"occupation": "Х"}, token=token).status_code in {
        403,
        404,
    }
    assert api.delete(f"/people/{stranger.pk}", token=memb).status_code == 404
    assert (
        api.put(f"/people/{stranger.pk}/memberships/{other.slug}", {}, token=token).status_code
        == 404
    )
    assert api.post("/people", {"last_name": "Х"}).status_code == 401
    stranger.refresh_from_db()
    assert stranger.occupation == ""
    assert row_counts(*COUNTED) == before


def test_consents_recorded_and_withdrawn(api, leader, tambov, token_for):
    person = make_person("Тамбовцева", "Ольга", "", association=tambov, consent=None)
    token = token_for(leader)
    added = api.post(
        f"/people/{person.pk}/consents",
        {"form": "online", "given_on": "2025-03-01", "purpose": "учёт членов"},
        token=token,
    )
    assert added.status_code == 201
    consent = Consent.objects.get(person=person)
    assert added.json() == {
        "id": consent.pk,
        "person": person.pk,
        "purpose": "учёт членов",
        "form": "online",
        "given_on": "2025-03-01",
        "withdrawn_on": None,
    }
    assert audit_trail(consent)[0] == ("create", "lead")
    wrong = api.post(f"/people/{person.pk}/consents", {"form": "telepathy"}, token=token)
    assert wrong.json()["detail"][0]["field"] == "form"
    withdrawn = api.post(f"/consents/{consent.pk}/withdraw", token=token)
    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn_on"] is not None
    assert api.post("/consents/999999/withdraw", token=token).status_code == 404


def test_coordinator_erases_a_person(api, coordinator, tambov, token_for):
    person = make_person("Тамбовцева", "Ольга", "", association=tambov, email="o@example.org")
    answer = api.delete(f"/people/{person.pk}", token=token_for(coordinator))
    assert answer.status_code == 200
    assert answer.json()["erased"]["persons"] == 1
    person.refresh_from_db()
    assert (person.erased_at is not None, person.email) == (True, "")


def test_own_consent_and_invitation(api, leader, member, tambov, token_for):
    person = make_person("Членова", "Мария", "", association=tambov, email="m@example.org")
    invitation, token = invitations.invitation_create(
        actor=leader, person=person, base_url=invitations.site_base()
    )
    own_token = token_for(member)
    accepted = api.post("/person-invitations/accept", {"token": token}, token=own_token)
    assert accepted.status_code == 200
    person.refresh_from_db()
    assert person.user == member
    again = api.post("/person-invitations/accept", {"token": token}, token=own_token)
    assert again.status_code == 404
    consent = person.consents.get()
    other = make_person("Другой", "Человек", "", association=tambov)
    assert api.post(f"/me/consents/{other.consents.get().pk}/withdraw", token=own_token).json() == {
        "detail": "Согласие не найдено."
    }
    mine = api.post(f"/me/consents/{consent.pk}/withdraw", token=own_token)
    assert mine.status_code == 200
    consent.refresh_from_db()
    assert consent.withdrawn_on is not None
    assert rights.own_person(member) == person
