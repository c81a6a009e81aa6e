"""The API operations that do what the report and lexicon pages do: the same services,
rights, audit records and refusals."""

import io
import zipfile

import pytest
from django.test import Client

from tests.support.audit import audit_trail
from zemlyaki.core.models import AuditEntry
from zemlyaki.reports import services
from zemlyaki.reports.models import AnnualReport, LexiconEntry, ReportBatch

pytestmark = pytest.mark.django_db


def _report(actor, association, capture, text):
    with capture(execute=True):
        report = services.report_create(
            actor=actor, association=association, year_from=2010, text=text
        )
    report.refresh_from_db()
    return report


def test_only_a_coordinator_deletes_a_report(
    api, coordinator, tambov, tambov_leader, token_for, django_capture_on_commit_callbacks
):
    report = _report(coordinator, tambov, django_capture_on_commit_callbacks, "Концерт.")
    assert api.delete(f"/reports/{report.pk}", token=token_for(tambov_leader)).status_code == 403
    assert AnnualReport.objects.count() == 1
    assert api.delete(f"/reports/{report.pk}", token=token_for(coordinator)).status_code == 204
    assert AnnualReport.objects.count() == 0
    assert audit_trail(report)[-1] == ("delete", "coord")


def _reanalyse_all(via, api, user, token_for):
    if via == "api":
        return api.post("/reports/reanalyse", token=token_for(user))
    client = Client()
    client.force_login(user)
    return client.post("/reports/reanalyse/")


@pytest.mark.parametrize("via", ["page", "api"])
def test_reanalyse_all_is_the_coordinators_and_leaves_an_audit_record_per_report(
    via, api, coordinator, tambov, tambov_leader, token_for, django_capture_on_commit_callbacks
):
    report = _report(coordinator, tambov, django_capture_on_commit_callbacks, "Концерт.")
    assert report.status == "analysed"
    entries = AuditEntry.objects.filter(object_type="reports.annualreport")
    before = entries.count()

    refused = _reanalyse_all(via, api, tambov_leader, token_for)
    assert refused.status_code == 403
    report.refresh_from_db()
    assert (report.status, entries.count()) == ("analysed", before)

    done = _reanalyse_all(via, api, coordinator, token_for)
    assert done.status_code == {"api": 202, "page": 302}[via]
    if via == "api":
        assert done.json() == {"queued": 1}
    report.refresh_from_db()
    assert report.status == "extracted"
    assert entries.count() == before + 1
    entry = entries.order_by("-pk").first()
    assert (entry.object_id, entry.action, entry.actor_repr, entry.comment) == (
        str(report.pk),
        "update",
        "coord",
        "повторный анализ всех отчётов",
    )
    assert (entry.before["status"], entry.after["status"]) == ("analysed", "extracted")


def _zip(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    buffer.seek(0)
    buffer.name = "reports.zip"
    return buffer


def test_batch_upload_of_a_leader_to_own_association(api, tambov, ryazan, tambov_leader, token_for):
    archive = _zip({"2010.txt": "Годовой отчёт землячества за 2010 год. Концерт.".encode()})
    response = api.client.post(
        "/api/v1/reports/batches",
        {"file": archive, "association": tambov.slug},
        HTTP_AUTHORIZATION=f"Bearer {token_for(tambov_leader)}",
    )
    assert response.status_code == 201
    [item] = response.json()["items"]
    assert (item["name"], item["status"]) == ("2010.txt", "accepted")
    assert AnnualReport.objects.get(pk=item["report_id"]).association == tambov
    assert audit_trail(ReportBatch.objects.get())[-1] == ("create", "lead")

    foreign = api.client.post(
        "/api/v1/reports/batches",
        {"file": _zip({"a.txt": b"x"}), "association": ryazan.slug},
        HTTP_AUTHORIZATION=f"Bearer {token_for(tambov_leader)}",
    )
    assert (foreign.status_code, foreign.json()) == (
        403,
        {"detail": "Недостаточно прав для этого действия."},
    )  # another's association, as for one report
    missing = api.client.post(
        "/api/v1/reports/batches",
        {"file": _zip({"a.txt": b"x"}), "association": "no-such-association"},
        HTTP_AUTHORIZATION=f"Bearer {token_for(tambov_leader)}",
    )
    assert missing.status_code == 422
    assert [(d["field"], d["msg"]) for d in missing.json()["detail"]] == [
        ("association", "Землячество не найдено.")
    ]
    not_zip = io.BytesIO(b"plain text")
    not_zip.name = "reports.zip"
    bad = api.client.post(
        "/api/v1/reports/batches",
        {"file": not_zip},
        HTTP_AUTHORIZATION=f"Bearer {token_for(tambov_leader)}",
    )
    assert bad.status_code == 422
    assert [(d["field"], d["msg"]) for d in bad.json()["detail"]] == [
        ("file", "Это не ZIP-архив или архив повреждён.")
    ]
    assert (ReportBatch.objects.count(), AnnualReport.objects.count()) == (1, 1)


def test_lexicon_entries_through_the_api(api, coordinator, leader, token_for):
    token = token_for(coordinator)
    body = {"kind": "direction", "phrase": "хоровой фестиваль", "direction": "culture"}
    assert api.post("/lexicon", body, token=token_for(leader)).status_code == 403
    assert LexiconEntry.objects.filter(phrase="хоровой фестиваль").count() == 0
    no_phrase = api.post("/lexicon", {**body, "phrase": ""}, token=token)
    assert no_phrase.status_code == 422
    assert no_phrase.json()["detail"][0]["field"] == "phrase"
    unknown = api.post("/lexicon", {**body, "direction": "poetry"}, token=token)
    assert [(d["field"], d["msg"]) for d in unknown.json()["detail"]] == [
        ("direction", "Нет направления с кодом poetry.")
    ]
    created = api.post("/lexicon", body, token=token)
    assert created.status_code == 201
    entry = LexiconEntry.objects.get(pk=created.json()["id"])
    assert (created.json()["phrase"], created.json()["direction"]) == (
        "хоровой фестиваль",
        "culture",
    )
    assert audit_trail(entry) == [("create", "coord")]
    changed = api.put(
        f"/lexicon/{entry.pk}",
        {"phrase": "хоровой конкурс", "direction": "culture", "is_exclusion": True},
        token=token,
    )
    assert (changed.status_code, changed.json()["is_exclusion"]) == (200, True)
    assert api.delete(f"/lexicon/{entry.pk}", token=token_for(leader)).status_code == 403
    assert api.delete(f"/lexicon/{entry.pk}", token=token).status_code == 204
    assert not LexiconEntry.objects.filter(pk=entry.pk).exists()
    assert [a for a, _u in audit_trail(entry)] == ["create", "update", "delete"]


def test_finding_review_through_the_api(
    api, coordinator, tambov, ryazan, leader, token_for, django_capture_on_commit_callbacks
):
    text = "Заседание правления перенесено в более просторный зал. Концерт был отменён."
    report = _report(coordinator, tambov, django_capture_on_commit_callbacks, text)
    finding = report.findings.filter(kind="outcome", category="failure").first()
    ryazan.leaders.add(leader)
    path = f"/findings/{finding.pk}/review"
    hidden = api.post(path, {"verdict": "rejected"}, token=token_for(leader))
    assert hidden.status_code == 404
    invalid = api.post(path, {"verdict": "maybe"}, token=token_for(coordinator))
    assert invalid.status_code == 422
    assert [(d["field"], d["msg"]) for d in invalid.json()["detail"]] == [
        ("verdict", "Выберите: подтвердить или отклонить.")
    ]
    finding.refresh_from_db()
    assert finding.review == "pending"
    response = api.post(
        path, {"verdict": "rejected", "phrase": "перенесено в зал"}, token=token_for(coordinator)
    )
    assert response.status_code == 200
    assert response.json()["review"] == "rejected"
    entry = LexiconEntry.objects.get(source="correction")
    assert (entry.phrase, entry.is_exclusion) == ("перенесено в зал", True)
    assert audit_trail(finding)[-1] == ("update", "coord")
