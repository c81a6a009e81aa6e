"""The coordinator's people pages in the API: candidate lists, vocabularies, erasure
decisions — same permission, services and audit as the pages."""

import pytest

from tests.registry.factories import make_association
from tests.support.audit import audit_trail
from zemlyaki.core.models import AuditEntry
from zemlyaki.people import rights
from zemlyaki.people.models import CandidateEntry, CandidateList, Competency, Person

from .factories import make_person

pytestmark = pytest.mark.django_db


def test_candidate_lists(api, coordinator, token_for):
    token = token_for(coordinator)
    anna = make_person("Иванова", "Анна", "")
    created = api.post("/candidate-lists", {"name": "Эксперты", "purpose": "Совет"}, token=token)
    assert created.status_code == 201
    shortlist = CandidateList.objects.get(pk=created.json()["id"])
    assert created.json() == {
        "id": shortlist.pk,
        "name": "Эксперты",
        "purpose": "Совет",
        "entries": 0,
    }
    added = api.post(
        f"/candidate-lists/{shortlist.pk}/entries",
        {"persons": [anna.pk, 999999], "note": "юрист"},
        token=token,
    )
    assert added.json() == {"added": 1}
    entry = CandidateEntry.objects.get()
    assert (entry.person, entry.note) == (anna, "юрист")
    assert audit_trail(entry) == [("create", "coord")]
    empty = api.post(f"/candidate-lists/{shortlist.pk}/entries", {"persons": []}, token=token)
    assert empty.json()["detail"][0]["field"] == "persons"
    gone = api.delete(f"/candidate-lists/{shortlist.pk}/entries/{entry.pk}", token=token)
    assert gone.status_code == 204
    assert audit_trail(entry)[-1] == ("delete", "coord")


def test_vocabulary(api, coordinator, token_for):
    token = token_for(coordinator)
    sphere = api.post("/vocabulary/competencies", {"name": "Космонавтика"}, token=token)
    assert sphere.status_code == 201
    law = Competency.objects.get(pk=sphere.json()["id"])
    child = api.post(
        "/vocabulary/competencies",
        {"name": "Орбитальная механика", "parent": law.pk, "synonyms": "баллистика"},
        token=token,
    )
    assert child.json()["parent"] == law.pk
    assert child.json()["synonyms"] == ["баллистика"]
    clash = api.post("/vocabulary/competencies", {"name": "космонавтика"}, token=token)
    assert clash.json()["detail"][0] == {
        "loc": ["body", "name"],
        "field": "name",
        "msg": "Такая запись в этой сфере уже есть.",
        "type": "value_error",
    }
    wrong_kind = api.post("/vocabulary/skills", {"name": "Х"}, token=token)
    assert wrong_kind.status_code == 422
    free = Competency.objects.create(name="ракетостроение", is_approved=False)
    renamed = api.patch(
        f"/vocabulary/competencies/{free.pk}", {"name": "Ракетостроение"}, token=token
    )
    assert (renamed.json()["name"], renamed.json()["is_approved"]) == ("Ракетостроение", True)
    merged = api.post(f"/vocabulary/competencies/{free.pk}/merge", {"target": law.pk}, token=token)
    assert merged.json()["id"] == law.pk
    assert not Competency.objects.filter(pk=free.pk).exists()
    assert audit_trail(law)[0] == ("create", "coord")


@pytest.mark.parametrize("role", ["leader", "member", "administrator"])
def test_only_the_coordinator(api, token_for, role, request):
    user = request.getfixturevalue(role)
    shortlist = CandidateList.objects.create(name="Эксперты")
    anna = make_person("Иванова", "Анна", "")
    token = token_for(user)
    before = (CandidateList.objects.count(), Competency.objects.count(), AuditEntry.objects.count())
    answers = [
        api.post("/candidate-lists", {"name": "Х"}, token=token),
        api.post(f"/candidate-lists/{shortlist.pk}/entries", {"persons": [anna.pk]}, token=token),
        api.post("/vocabulary/interests", {"name": "Х"}, token=token),
        api.post("/erasure-requests/1/decision", {"action": "refuse"}, token=token),
    ]
    assert [a.status_code for a in answers] == [403] * 4
    assert (
        CandidateList.objects.count(),
        Competency.objects.count(),
        AuditEntry.objects.count(),
    ) == before


def test_erasure_decisions(api, coordinator, member, token_for):
    tambov = make_association("Тамбовское землячество", ["68"])
    person = make_person("Членова", "Мария", "", association=tambov, email="m@example.org")
    person.user = member
    person.save(update_fields=["user"])
    erasure = rights.erasure_request_create(actor=member, person=person)
    token = token_for(coordinator)
    no_reason = api.post(
        f"/erasure-requests/{erasure.pk}/decision", {"action": "refuse"}, token=token
    )
    assert no_reason.status_code == 422
    refused = api.post(
        f"/erasure-requests/{erasure.pk}/decision",
        {"action": "refuse", "reason": "Идёт проверка"},
        token=token,
    )
    assert refused.json() == {"id": erasure.pk, "status": "refused"}
    again = rights.erasure_request_create(actor=member, person=person)
    done = api.post(f"/erasure-requests/{again.pk}/decision", {"action": "carry_out"}, token=token)
    assert done.json() == {"id": again.pk, "status": "done"}
    assert Person.objects.get(pk=person.pk).erased_at is not None
