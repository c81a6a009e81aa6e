"""The API operations for the other buttons of an assessment's page: removing an evidence,
replying to a remark and running the checks again, with the page's right and services."""

import pytest
from django.utils import timezone

from zemlyaki.core.models import AuditEntry
from zemlyaki.standard.answers import answer_review, evidence_add
from zemlyaki.standard.models import Answer, AnswerMessage, Evidence, MessageKind
from zemlyaki.standard.services import assessment_start

from .factories import association, leader_of, make_version, open_year, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    make_version()
    open_year()
    tambov = association("Тамбовское")
    leader = leader_of(tambov, "tambov_lead")
    assessment = assessment_start(actor=leader, association=tambov, year=timezone.localdate().year)
    return assessment, leader


def test_leader_removes_an_evidence(api, token_for, member, draft):
    assessment, leader = draft
    answer = Answer.objects.get(assessment=assessment, criterion__code="1.1")
    evidence_add(actor=leader, answer=answer, kind="link", url="https://example.org/ustav")
    evidence = Evidence.objects.get(answer=answer, computed=False)
    path = f"/assessments/{assessment.pk}/criteria/{answer.criterion_id}/evidence/{evidence.pk}"
    assert api.delete(path, token=token_for(member)).status_code == 404
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    response = api.delete(path, token=token_for(leader))
    assert response.status_code == 200
    assert evidence.pk not in [e["id"] for e in response.json()["evidence"]]
    entry = AuditEntry.objects.filter(object_type="standard.evidence").first()
    assert (entry.action, entry.actor, entry.object_id) == ("delete", leader, str(evidence.pk))
    missing = api.delete(path, token=token_for(leader))
    assert missing.status_code == 404


def test_leader_runs_the_checks_again_in_a_draft_only(api, token_for, member, draft):
    assessment, leader = draft
    assert (
        api.post(f"/assessments/{assessment.pk}/refresh", token=token_for(member)).status_code
        == 404
    )
    response = api.post(f"/assessments/{assessment.pk}/refresh", token=token_for(leader))
    assert response.status_code == 200
    assert (response.json()["changed"], response.json()["id"]) == (0, assessment.pk)


def test_leader_replies_to_a_remark_of_a_returned_criterion(api, token_for):
    make_version()
    open_year()
    tambov = association("Тамбовское")
    leader = leader_of(tambov, "tambov_lead")
    assessment = submitted(tambov, {"1.1": "yes", "1.2": 1, "3.1": 1}, actor=leader)
    answer = Answer.objects.get(assessment=assessment, criterion__code="3.1")
    path = f"/assessments/{assessment.pk}/criteria/{answer.criterion_id}/replies"
    early = api.post(path, {"text": "Провели ещё три"}, token=token_for(leader))
    assert early.status_code == 403
    assert AnswerMessage.objects.filter(kind=MessageKind.ANSWER).count() == 0
    for code in ("1.1", "1.2"):
        other = Answer.objects.get(assessment=assessment, criterion__code=code)
        answer_review(actor=None, answer=other, decision="accepted", revision=other.revision)
    answer_review(
        actor=None, answer=answer, decision="returned", revision=answer.revision, remark="Мало"
    )
    empty = api.post(path, {"text": " "}, token=token_for(leader))
    assert [(d["field"], d["msg"]) for d in empty.json()["detail"]] == [
        ("text", "Напишите ответ на замечание.")
    ]
    response = api.post(path, {"text": "Провели ещё три"}, token=token_for(leader))
    assert response.status_code == 201
    assert response.json()["messages"][-1]["text"] == "Провели ещё три"
    assert AnswerMessage.objects.filter(kind=MessageKind.ANSWER).count() == 1
