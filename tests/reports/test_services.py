import datetime

import pytest
from django.core.exceptions import ValidationError

from zemlyaki.core.models import AuditEntry
from zemlyaki.reports import services
from zemlyaki.reports.models import (
    AnnualReport,
    LexiconEntry,
    ReportBatch,
    ReportFinding,
    ReportStatus,
)

from . import files
from .conftest import REPORT_TEXT, SHORT_TEXT


def create(actor, association, capture, **kwargs):
    with capture(execute=True):
        report = services.report_create(actor=actor, association=association, **kwargs)
    report.refresh_from_db()
    return report


def test_pasted_text_is_analysed_after_commit(
    coordinator, tambov, django_capture_on_commit_callbacks
):
    report = create(
        coordinator,
        tambov,
        django_capture_on_commit_callbacks,
        year_from=2005,
        meeting_date=datetime.date(2006, 3, 14),
        text=REPORT_TEXT,
    )
    assert report.status == ReportStatus.ANALYSED
    assert report.progress == 100
    assert report.decade == "2000s"
    assert report.text_length == len(REPORT_TEXT)
    assert report.source == "pasted"
    assert report.uploaded_by == coordinator
    kinds = sorted(
        {(f.kind, f.category) for f in report.findings.filter(kind__in=["outcome", "number"])}
    )
    assert kinds == [
        ("number", "events"),
        ("number", "members"),
        ("number", "money"),
        ("number", "participants"),
        ("outcome", "achievement"),
        ("outcome", "failure"),
    ]
    entry = AuditEntry.objects.get(object_type="reports.annualreport", object_id=str(report.pk))
    assert entry.action == "create"
    assert entry.actor == coordinator
    assert entry.after["year_from"] == 2005


def test_docx_file_is_extracted_and_analysed(
    coordinator, tambov, django_capture_on_commit_callbacks
):
    upload = services.Upload(name="Отчёт 2005.docx", data=files.docx_bytes(SHORT_TEXT))
    report = create(
        coordinator, tambov, django_capture_on_commit_callbacks, year_from=2005, upload=upload
    )
    assert report.status == ReportStatus.ANALYSED
    assert report.file_type == "docx"
    assert report.extraction_method == "docx"
    assert " ".join(report.text.split()) == " ".join(SHORT_TEXT.split())
    assert report.original_name == "Отчёт 2005.docx"
    assert report.file.read() == upload.data
    assert " ветеранов " in report.search_text and " ветеран " in report.search_text


@pytest.mark.parametrize(
    ("year_from", "year_to", "errors"),
    [
        (1989, None, {"year_from": ["Год должен быть от 1990 до {current}."]}),
        (2005, 2003, {"year_to": ["Конечный год периода раньше начального."]}),
        (2005, 2999, {"year_to": ["Год должен быть от 1990 до {current}."]}),
        (None, None, {"year_from": ["Укажите год отчёта."]}),
    ],
)
def test_year_outside_range_is_refused_and_nothing_saved(
    coordinator, tambov, year_from, year_to, errors
):
    current = datetime.date.today().year
    with pytest.raises(ValidationError) as error:
        services.report_create(
            actor=coordinator,
            association=tambov,
            year_from=year_from,
            year_to=year_to,
            text="Текст",
        )
    assert error.value.message_dict == {
        k: [m.format(current=current) for m in v] for k, v in errors.items()
    }
    assert AnnualReport.objects.count() == 0
    assert AuditEntry.objects.filter(object_type="reports.annualreport").count() == 0


def test_bad_file_is_refused_with_reason_and_nothing_saved(coordinator, tambov):
    with pytest.raises(ValidationError) as error:
        services.report_create(
            actor=coordinator,
            association=tambov,
            year_from=2005,
            upload=services.Upload(name="report.pdf", data=files.encrypted_pdf_bytes("Текст")),
        )
    assert error.value.message_dict == {
        "file": ["Файл PDF защищён паролем. Снимите пароль и загрузите файл ещё раз."]
    }
    assert AnnualReport.objects.count() == 0


def test_file_and_text_together_are_refused(coordinator, tambov):
    with pytest.raises(ValidationError) as error:
        services.report_create(
            actor=coordinator,
            association=tambov,
            year_from=2005,
            text="Текст",
            upload=services.Upload(name="a.txt", data="Текст".encode()),
        )
    assert error.value.message_dict == {"file": ["Нужно что-то одно: файл или текст."]}


def test_extraction_failure_ends_in_error_status(
    coordinator, tambov, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setenv("PATH", "/nonexistent")
    upload = services.Upload(name="scan.png", data=files.image_bytes("Текст", "PNG"))
    report = create(
        coordinator, tambov, django_capture_on_commit_callbacks, year_from=2001, upload=upload
    )
    assert report.status == ReportStatus.ERROR
    assert report.error == (
        "Распознавание сканов недоступно: установите пакет Debian tesseract-ocr-rus"
    )
    assert report.findings.count() == 0


def _finding(report, kind, category):
    return report.findings.get(kind=kind, category=category)


def test_rejecting_a_false_failure_teaches_the_lexicon(
    coordinator, tambov, django_capture_on_commit_callbacks
):
    text = "Заседание правления перенесено в более просторный зал. Концерт был отменён."
    report = create(
        coordinator, tambov, django_capture_on_commit_callbacks, year_from=2010, text=text
    )
    failures = list(report.findings.filter(kind="outcome", category="failure"))
    assert [f.matched for f in failures] == ["перенесено", "отменён"]
    services.finding_review(
        actor=coordinator,
        finding=failures[0],
        verdict="rejected",
        phrase="перенесено в зал",
    )
    entry = LexiconEntry.objects.get(source="correction")
    assert (entry.kind, entry.phrase, entry.lemmas, entry.is_exclusion, entry.created_by) == (
        "failure",
        "перенесено в зал",
        "перенести в зал",
        True,
        coordinator,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.report_reanalyse(actor=coordinator, report=report)
    report.refresh_from_db()
    failures = list(report.findings.filter(kind="outcome", category="failure"))
    assert [f.matched for f in failures] == ["отменён"]


def test_wrong_direction_is_corrected_through_the_lexicon(
    coordinator, tambov, django_capture_on_commit_callbacks
):
    from zemlyaki.reports.models import ActivityDirection

    text = "Прошла выставка продукции предприятий области."
    report = create(
        coordinator, tambov, django_capture_on_commit_callbacks, year_from=2010, text=text
    )
    assert sorted(report.findings.filter(kind="activity").values_list("category", flat=True)) == [
        "business",
        "culture",
    ]
    culture = _finding(report, "activity", "culture")
    services.finding_review(
        actor=coordinator,
        finding=culture,
        verdict="rejected",
        phrase="выставка продукции",
        direction=ActivityDirection.objects.get(code="business"),
    )
    assert list(
        LexiconEntry.objects.filter(source="correction")
        .order_by("is_exclusion")
        .values_list("direction__code", "lemmas", "is_exclusion")
    ) == [("business", "выставка продукция", False), ("culture", "выставка продукция", True)]
    report = services.report_analyse(report=report)
    assert sorted(report.findings.filter(kind="activity").values_list("category", flat=True)) == [
        "business"
    ]


def test_confirmation_survives_reanalysis(coordinator, tambov, django_capture_on_commit_callbacks):
    report = create(
        coordinator, tambov, django_capture_on_commit_callbacks, year_from=2010, text=REPORT_TEXT
    )
    finding = _finding(report, "outcome", "achievement")
    services.finding_review(actor=coordinator, finding=finding, verdict="confirmed")
    report = services.report_analyse(report=report)
    again = _finding(report, "outcome", "achievement")
    assert (again.review, again.reviewed_by) == ("confirmed", coordinator)
    assert LexiconEntry.objects.filter(source="correction").count() == 0


def test_batch_processes_each_file_on_its_own(
    coordinator, tambov, ryazan, django_capture_on_commit_callbacks, settings
):
    settings.ZEMLYAKI_UPLOAD_MAX_BYTES = 200_000
    archive = files.zip_of(
        {
            f"{tambov.slug}_2005.docx": files.docx_bytes(SHORT_TEXT),
            f"{ryazan.slug}_1998-1999.rtf": files.rtf_bytes(SHORT_TEXT),
            f"{tambov.slug}_2006.pdf": files.encrypted_pdf_bytes("Текст"),
            f"{tambov.slug}_2007.docx": files.bomb_docx_bytes(),
            f"{tambov.slug}_2008.docx": files.corrupt_docx_bytes(SHORT_TEXT),
            f"{tambov.slug}_2009.txt": b"x" * 300_000,
            f"{tambov.slug}_1985.txt": "Текст".encode("cp1251"),
            "неизвестно_2010.txt": "Текст".encode(),
            "опись/report-a.txt": SHORT_TEXT.encode("cp1251"),
            "index.csv": "файл;землячество;год;по год;дата собрания\n"
            "report-a.txt;Рязанское землячество;2021;;15.03.2022\n".encode("cp1251"),
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.batch_create(
            actor=coordinator,
            upload=services.Upload(name="archive.zip", data=archive),
            associations=[tambov, ryazan],
        )
    results = {item["name"]: (item["status"], item["message"]) for item in batch.items}
    assert results[f"{tambov.slug}_2006.pdf"] == (
        "error",
        "Файл PDF защищён паролем. Снимите пароль и загрузите файл ещё раз.",
    )
    assert results[f"{tambov.slug}_2007.docx"][1].startswith("Файл похож на архивную бомбу")
    assert results[f"{tambov.slug}_2008.docx"][1] == (
        "Файл DOCX/ODT повреждён и не читается. Сохраните его заново и загрузите ещё раз."
    )
    assert results[f"{tambov.slug}_2009.txt"][1] == (
        "Файл слишком большой: 0,3 МБ, допустимо не более 0,2 МБ."
    )
    assert results[f"{tambov.slug}_1985.txt"][1] == (
        f"Год должен быть от 1990 до {datetime.date.today().year}."
    )
    assert results["неизвестно_2010.txt"][1].startswith("Не удалось определить землячество")
    accepted = {name for name, (status, _m) in results.items() if status == "accepted"}
    assert accepted == {
        f"{tambov.slug}_2005.docx",
        f"{ryazan.slug}_1998-1999.rtf",
        "опись/report-a.txt",
    }
    reports = AnnualReport.objects.order_by("year_from")
    assert [
        (r.association.slug, r.year_from, r.year_to, r.meeting_date, r.status, r.batch_id)
        for r in reports
    ] == [
        (ryazan.slug, 1998, 1999, None, "analysed", batch.pk),
        (tambov.slug, 2005, 2005, None, "analysed", batch.pk),
        (ryazan.slug, 2021, 2021, datetime.date(2022, 3, 15), "analysed", batch.pk),
    ]
    assert ReportBatch.objects.count() == 1


def test_batch_refuses_files_for_associations_not_allowed(
    leader, tambov, ryazan, django_capture_on_commit_callbacks
):
    archive = files.zip_of({f"{ryazan.slug}_2005.txt": "Текст".encode()})
    batch = services.batch_create(
        actor=leader,
        upload=services.Upload(name="a.zip", data=archive),
        associations=[tambov],
    )
    assert batch.items[0]["status"] == "error"
    assert AnnualReport.objects.count() == 0


def test_batch_that_is_not_a_zip_is_refused(coordinator):
    with pytest.raises(ValidationError) as error:
        services.batch_create(
            actor=coordinator,
            upload=services.Upload(name="a.zip", data=b"not a zip"),
            associations=[],
        )
    assert error.value.message_dict == {"file": ["Это не ZIP-архив или архив повреждён."]}
    assert ReportBatch.objects.count() == 0


def test_lexicon_entry_create_update_delete_with_audit(coordinator):
    from zemlyaki.reports.models import ActivityDirection

    sport = ActivityDirection.objects.get(code="sport")
    entry = services.lexicon_entry_create(
        actor=coordinator, kind="direction", direction=sport, phrase="  Лыжные   гонки "
    )
    assert (entry.phrase, entry.lemmas, entry.source) == ("Лыжные гонки", "лыжный гонка", "manual")
    with pytest.raises(ValidationError) as error:
        services.lexicon_entry_create(
            actor=coordinator, kind="direction", direction=sport, phrase="лыжная гонка"
        )
    assert error.value.message_dict == {"phrase": ["Такая фраза уже есть в словаре."]}
    with pytest.raises(ValidationError) as error:
        services.lexicon_entry_create(actor=coordinator, kind="direction", phrase="регата")
    assert error.value.message_dict == {"direction": ["Укажите направление."]}
    services.lexicon_entry_update(
        actor=coordinator, entry=entry, phrase="лыжный марафон", direction=sport
    )
    entry.refresh_from_db()
    assert entry.lemmas == "лыжный марафон"
    services.lexicon_entry_delete(actor=coordinator, entry=entry)
    assert not LexiconEntry.objects.filter(pk=entry.pk).exists()
    assert list(
        AuditEntry.objects.filter(object_type="reports.lexiconentry")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["create", "update", "delete"]


def test_report_delete_removes_findings(coordinator, tambov, django_capture_on_commit_callbacks):
    report = create(
        coordinator, tambov, django_capture_on_commit_callbacks, year_from=2010, text=REPORT_TEXT
    )
    services.report_delete(actor=coordinator, report=report)
    assert AnnualReport.objects.count() == 0
    assert ReportFinding.objects.count() == 0
