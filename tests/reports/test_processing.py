"""Processing of a report: one morphological analyser, errors that end in a visible state
and can be restarted, progress that others can see while the analysis runs."""

import os
import struct

import pytest
from django.db import connection, connections, transaction

from zemlyaki.core import text as core_text
from zemlyaki.core.models import AuditEntry
from zemlyaki.reports import analysis, figures, nlp, processing, services
from zemlyaki.reports.models import AnnualReport, ReportFinding

from .conftest import REPORT_TEXT

ROSREESTR_TEXT = (
    "Правление направило запрос в управление Росреестра по Брянской области. "
    "На ярмарке была представлена продукция брянщины, её посетили 300 человек."
)


def create(actor, association, capture, **kwargs):
    with capture(execute=True):
        report = services.report_create(actor=actor, association=association, **kwargs)
    report.refresh_from_db()
    return report


def _clear_morphology_caches():
    nlp.pipeline.cache_clear()
    core_text.morph.cache_clear()
    core_text.lemma.cache_clear()
    for module in (analysis, figures):
        for name in dir(module):
            cached = getattr(getattr(module, name), "cache_clear", None)
            if cached is not None:
                cached()


def test_pipeline_changes_no_environment_and_the_analysis_reads_every_word(db, monkeypatch):
    """The fault of issue 11: after natasha's pipeline was built, every new analyser
    loaded pymorphy2's dictionaries and raised struct.error on «росреестра»."""
    monkeypatch.delenv("PYMORPHY2_DICT_PATH", raising=False)
    _clear_morphology_caches()
    nlp.pipeline()
    assert "PYMORPHY2_DICT_PATH" not in os.environ
    assert analysis.morph is core_text.morph
    assert figures.morph is core_text.morph
    assert not hasattr(analysis, "_morph")
    assert figures.is_adjective("росреестра") is False
    assert figures.is_adjective("брянщины") is False
    result = analysis.analyse(ROSREESTR_TEXT, services.lexicon_load())
    assert [(i.category, i.value, i.matched) for i in result.of("entity")] == [
        ("ORG", "Росреестр", "Росреестра"),
        ("LOC", "Брянская область", "Брянской области"),
    ]
    assert [(i.category, i.number, i.matched) for i in result.of("number")] == [
        ("participants", 300, "300 человек"),
    ]
    # An analyser built even with the variable set elsewhere keeps its own dictionaries.
    monkeypatch.setenv("PYMORPHY2_DICT_PATH", "/nonexistent")
    core_text.morph.cache_clear()
    assert core_text.morph().parse("росреестра")[0].normal_form == "росреестр"
    core_text.morph.cache_clear()


def test_a_report_with_such_words_is_analysed(
    coordinator, tambov, django_capture_on_commit_callbacks
):
    report = create(
        coordinator, tambov, django_capture_on_commit_callbacks, year_from=2019, text=ROSREESTR_TEXT
    )
    assert (report.status, report.progress, report.error, report.error_type) == (
        "analysed",
        100,
        "",
        "",
    )
    assert report.findings.filter(kind="entity").count() == 2


def _break_the_analysis(monkeypatch):
    """Fault injection: one internal function of the analysis raises as pymorphy did."""

    def broken(word):
        raise struct.error("unpack requires a buffer of 8 bytes")

    monkeypatch.setattr(analysis, "is_adjective", broken)


def test_a_failing_analysis_ends_in_analysis_error_and_the_coordinator_restarts_it(
    client, api, coordinator, token_for, tambov, monkeypatch, django_capture_on_commit_callbacks
):
    _break_the_analysis(monkeypatch)
    report = create(
        coordinator, tambov, django_capture_on_commit_callbacks, year_from=2005, text=REPORT_TEXT
    )
    assert (report.status, report.get_status_display(), report.progress) == (
        "analysis_error",
        "ошибка анализа",
        0,
    )
    assert report.error_type == "struct.error"
    assert report.error == (
        "Анализ текста прервался из-за внутренней ошибки программы анализа (struct.error: "
        "unpack requires a buffer of 8 bytes). Текст отчёта сохранён и виден ниже; анализ "
        "можно перезапустить. Если ошибка повторится, сообщите администратору платформы."
    )
    assert report.findings.count() == 0
    assert not report.is_processing

    client.force_login(coordinator)
    page = client.get(f"/reports/{report.pk}/")
    assert page.status_code == 200
    assert '<span class="badge status-analysis_error">ошибка анализа</span>' in page.text
    assert "<code>struct.error</code>" in page.text
    assert "Анализ текста прервался из-за внутренней ошибки" in page.text
    assert 'id="restart">Перезапустить анализ</button>' in page.text
    assert "hx-trigger" not in page.text  # no endless polling of a failed report
    assert "Численность землячества выросла с 420 до 515 членов." in page.text  # the text

    token = token_for(coordinator)
    detail = api.get(f"/reports/{report.pk}", token=token).json()
    assert (detail["status"], detail["status_name"], detail["error_type"]) == (
        "analysis_error",
        "ошибка анализа",
        "struct.error",
    )
    assert detail["error"] == report.error

    # Restart from the page once the fault is gone.
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/reports/{report.pk}/reanalyse/")
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.progress, report.error, report.error_type) == (
        "analysed",
        100,
        "",
        "",
    )
    assert report.findings.filter(kind="activity").count() == 9
    entry = AuditEntry.objects.filter(object_id=str(report.pk), action="update").get()
    assert (entry.actor, entry.before["status"], entry.after["status"]) == (
        coordinator,
        "analysis_error",
        "extracted",
    )
    assert client.get(f"/reports/{report.pk}/").text.count("Анализ перезапущен.") == 1


def test_restart_through_the_api(
    api, coordinator, token_for, tambov, monkeypatch, django_capture_on_commit_callbacks
):
    _break_the_analysis(monkeypatch)
    report = create(
        coordinator, tambov, django_capture_on_commit_callbacks, year_from=2005, text=REPORT_TEXT
    )
    assert report.status == "analysis_error"
    monkeypatch.undo()
    token = token_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/reports/{report.pk}/restart", token=token)
        # Queued: the task runs after the commit.
        assert response.status_code == 202, response.content
        body = response.json()
        assert (body["status"], body["progress"], body["error"], body["error_type"]) == (
            "extracted",
            50,
            "",
            "",
        )
    body = api.get(f"/reports/{report.pk}", token=token).json()
    assert (body["status"], body["progress"], body["error"], body["error_type"]) == (
        "analysed",
        100,
        "",
        "",
    )
    assert ReportFinding.objects.filter(report=report, kind="number").count() == 4


@pytest.mark.parametrize("who", ["member", "other_leader", "administrator"])
def test_only_those_allowed_restart(
    who,
    client,
    api,
    coordinator,
    member,
    leader,
    administrator,
    ryazan,
    tambov,
    token_for,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    ryazan.leaders.add(leader)  # a leader, but of another association
    user = {"member": member, "other_leader": leader, "administrator": administrator}[who]
    _break_the_analysis(monkeypatch)
    report = create(
        coordinator, tambov, django_capture_on_commit_callbacks, year_from=2005, text=REPORT_TEXT
    )
    monkeypatch.undo()
    before = AnnualReport.objects.values("status", "error", "error_type", "progress").get(
        pk=report.pk
    )
    token = token_for(user)
    audits = AuditEntry.objects.count()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(f"/reports/{report.pk}/reanalyse/")
        call = api.post(f"/reports/{report.pk}/restart", token=token)
    # The administrator sees the report but may not change it; others do not see it.
    expected = 403 if who == "administrator" else 404
    assert (page.status_code, call.status_code) == (expected, expected)
    after = AnnualReport.objects.values("status", "error", "error_type", "progress").get(
        pk=report.pk
    )
    assert after == before
    assert after["status"] == "analysis_error"
    assert AuditEntry.objects.count() == audits
    assert ReportFinding.objects.filter(report=report).count() == 0
    if who == "administrator":
        assert 'id="restart"' not in client.get(f"/reports/{report.pk}/").text


def test_the_leader_of_the_association_restarts_its_report(
    client, coordinator, leader, tambov, monkeypatch, django_capture_on_commit_callbacks
):
    tambov.leaders.add(leader)
    _break_the_analysis(monkeypatch)
    report = create(
        coordinator, tambov, django_capture_on_commit_callbacks, year_from=2005, text=REPORT_TEXT
    )
    monkeypatch.undo()
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/reports/{report.pk}/reanalyse/").status_code == 302
    report.refresh_from_db()
    assert report.status == "analysed"


def test_an_exception_in_the_task_is_recorded_and_survives_the_rollback(
    coordinator, tambov, monkeypatch, django_capture_on_commit_callbacks
):
    from zemlyaki.reports.tasks import process_report

    report = create(
        coordinator, tambov, django_capture_on_commit_callbacks, year_from=2005, text=REPORT_TEXT
    )
    findings = set(report.findings.values_list("pk", flat=True))
    assert len(findings) == 27

    def broken(*, report_id):
        with transaction.atomic():
            ReportFinding.objects.filter(report_id=report_id).delete()
            AnnualReport.objects.filter(pk=report_id).update(progress=77)
            raise RuntimeError("сбой на середине записи")

    monkeypatch.setattr(processing, "report_process", broken)
    result = process_report.enqueue(report.pk)
    assert result.status == "FAILED"
    assert result.errors[0].exception_class_path == "builtins.RuntimeError"
    report.refresh_from_db()
    assert (report.status, report.error_type, report.progress) == (
        "analysis_error",
        "RuntimeError",
        0,
    )
    assert "(RuntimeError: сбой на середине записи)" in report.error
    # The failed work was rolled back: the findings of the last analysis are all there.
    assert set(report.findings.values_list("pk", flat=True)) == findings


def test_an_unexpected_extraction_failure_ends_in_extraction_error(
    coordinator, tambov, monkeypatch, django_capture_on_commit_callbacks
):
    from zemlyaki.reports import extract

    def broken(data, kind):
        raise KeyError("word/document.xml")

    monkeypatch.setattr(extract, "extract", broken)
    upload = services.Upload(name="2005.txt", data="Отчёт землячества".encode())
    report = create(
        coordinator, tambov, django_capture_on_commit_callbacks, year_from=2005, upload=upload
    )
    assert (report.status, report.get_status_display(), report.error_type) == (
        "error",
        "ошибка извлечения текста",
        "KeyError",
    )
    assert report.error.startswith("Извлечение текста прервалось из-за внутренней ошибки")
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_reanalyse(actor=coordinator, report=report)
    report.refresh_from_db()
    assert (report.status, report.text, report.error_type) == (
        "analysed",
        "Отчёт землячества",
        "",
    )


def _progress_seen_by_another_connection(report_id):
    """The report's progress as another connection (another process) sees it: only
    what is committed."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT progress FROM reports_annualreport WHERE id = %s", [report_id])
            return cursor.fetchone()[0]
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_progress_is_committed_while_the_analysis_runs(monkeypatch, coordinator):
    from tests.registry.factories import make_association
    from zemlyaki.core.reference import load_reference

    load_reference()
    association = make_association("Тамбовское землячество", ["68"])
    report = services.report_create(
        actor=coordinator, association=association, year_from=2005, text=REPORT_TEXT, process=False
    )
    seen = []
    real = processing.analyse

    def watched(text, lexicon, progress=None):
        assert not connection.in_atomic_block  # the long work holds no transaction
        seen.append(_progress_seen_by_another_connection(report.pk))

        def spy(percent):
            progress(percent)
            seen.append(_progress_seen_by_another_connection(report.pk))

        return real(text, lexicon, progress=spy)

    monkeypatch.setattr(processing, "analyse", watched)
    report = services.report_process(report_id=report.pk)
    assert report.status == "analysed"
    assert seen == [55, 71, 79, 83, 87, 91]
    assert _progress_seen_by_another_connection(report.pk) == 100


def test_a_report_left_by_a_stopped_worker_shows_as_interrupted_and_restarts(
    client, coordinator, tambov, settings, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    report = create(
        coordinator, tambov, django_capture_on_commit_callbacks, year_from=2006, text=REPORT_TEXT
    )
    # The worker took it to 55% and stopped: nothing moves any more.
    AnnualReport.objects.filter(pk=report.pk).update(
        status="extracted", progress=55, progress_at=timezone.now() - datetime.timedelta(hours=2)
    )
    report.refresh_from_db()
    assert report.is_processing and report.is_stalled
    settings.ZEMLYAKI_REPORT_STALL_MINUTES = 180
    assert not AnnualReport.objects.get(pk=report.pk).is_stalled  # still within the limit
    settings.ZEMLYAKI_REPORT_STALL_MINUTES = 30

    client.force_login(coordinator)
    page = client.get(f"/reports/{report.pk}/").text
    assert 'id="stalled">обработка прервалась на 55%' in page
    assert "hx-trigger" not in page  # no endless polling of a report nobody works on
    assert 'id="restart">Перезапустить обработку</button>' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/reports/{report.pk}/reanalyse/")
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.progress, report.is_stalled) == ("analysed", 100, False)


def test_progress_moves_the_stamp(coordinator, tambov, django_capture_on_commit_callbacks):
    report = create(
        coordinator, tambov, django_capture_on_commit_callbacks, year_from=2007, text=REPORT_TEXT
    )
    before = report.progress_at
    processing._set_state(report.pk, progress=60)
    report.refresh_from_db()
    assert report.progress == 60
    assert report.progress_at > before
