import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zemlyaki.reports import services
from zemlyaki.reports.models import AnnualReport, LexiconEntry

from . import files
from .conftest import REPORT_TEXT, SHORT_TEXT


@pytest.fixture
def analysed(coordinator, tambov, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_create(
            actor=coordinator, association=tambov, year_from=2005, text=REPORT_TEXT
        )
    report.refresh_from_db()
    return report


def test_guests_go_to_login_and_members_are_refused(client, member):
    response = client.get("/reports/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(member)
    assert client.get("/reports/").status_code == 403
    assert client.get("/reports/analysis/").status_code == 403
    assert client.get("/reports/search/", {"q": "концерт"}).status_code == 403


def test_list_filters_and_query_count(
    client, coordinator, tambov, ryazan, django_assert_num_queries
):
    for year in (1995, 2005, 2015):
        for association in (tambov, ryazan):
            services.report_create(
                actor=coordinator, association=association, year_from=year, text="Концерт.",
                process=False,
            )  # fmt: skip
    client.force_login(coordinator)
    client.get("/reports/")  # warm caches (session, content types)
    with django_assert_num_queries(5):
        response = client.get("/reports/", {"decade": "2000s"})
    assert response.status_code == 200
    assert [(r.association.slug, r.year_from) for r in response.context["page"]] == [
        (ryazan.slug, 2005),
        (tambov.slug, 2005),
    ]
    assert "2 отчёта" in response.text


def test_leader_sees_only_own_association(client, coordinator, leader, tambov, ryazan):
    tambov.leaders.add(leader)
    own = services.report_create(actor=coordinator, association=tambov, year_from=2005, text="А.")
    other = services.report_create(actor=coordinator, association=ryazan, year_from=2005, text="Б.")
    client.force_login(leader)
    response = client.get("/reports/")
    assert [r.pk for r in response.context["page"]] == [own.pk]
    assert client.get(f"/reports/{other.pk}/").status_code == 404
    assert client.get(f"/reports/{own.pk}/").status_code == 200


def test_upload_docx_through_the_page(
    client, coordinator, tambov, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/reports/upload/",
            {
                "association": tambov.pk,
                "year_from": "2005",
                "meeting_date": "2006-03-14",
                "file": SimpleUploadedFile("отчёт.docx", files.docx_bytes(REPORT_TEXT)),
            },
        )
    report = AnnualReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/{report.pk}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert (
        '<mark class="ent ent-ORG" title="Правительство Москвы">Правительства Москвы</mark>'
        in page.text
    )
    assert 'class="activity dir-culture dir-interregional"' in page.text
    assert "14.03.2006" in page.text
    download = client.get(f"/reports/{report.pk}/file/")
    with report.file.open("rb") as stored:
        assert b"".join(download.streaming_content) == stored.read()
    assert "attachment" in download["Content-Disposition"]
    assert [f.matched for f in page.context["failures"]] == [
        "К сожалению; не удалось провести; перенесён",
        "отменён",
    ]
    assert [(i.category, int(i.number)) for i in page.context["indicators"]] == [
        ("events", 12),
        ("participants", 1500),
        ("money", 350000),
        ("members", 515),
    ]


@pytest.mark.parametrize("name", ["docx", "pdf", "scan.pdf", "rtf", "txt"])
def test_each_format_through_the_page_is_analysed_and_found(
    name, client, coordinator, tambov, django_capture_on_commit_callbacks
):
    from .test_api import _builders

    builder, tool = _builders()[name]
    if tool:
        files.require_tool(tool)
        files.require_tool("pdftoppm")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/reports/upload/",
            {
                "association": tambov.pk,
                "year_from": "2012",
                "file": SimpleUploadedFile(f"report-{name}", builder()),
            },
        )
    assert response.status_code == 302
    report = AnnualReport.objects.get()
    assert (report.status, report.error) == ("analysed", "")
    response = client.get("/reports/search/", {"q": "земляков"})
    assert [item["report"].pk for item in response.context["results"]] == [report.pk]
    assert "<mark>землякам</mark>" in response.text


def test_status_poll_refreshes_the_page_when_done(client, coordinator, analysed):
    client.force_login(coordinator)
    response = client.get(f"/reports/{analysed.pk}/status/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"
    assert "проанализирован" in response.text


def test_upload_error_is_shown_next_to_the_field(client, coordinator, tambov):
    client.force_login(coordinator)
    response = client.post(
        "/reports/upload/",
        {
            "association": tambov.pk,
            "year_from": "2005",
            "file": SimpleUploadedFile("a.pdf", files.encrypted_pdf_bytes("Текст")),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["Файл PDF защищён паролем. Снимите пароль и загрузите файл ещё раз."]
    }
    assert AnnualReport.objects.count() == 0


def test_leader_cannot_upload_for_another_association(client, leader, tambov, ryazan):
    tambov.leaders.add(leader)
    client.force_login(leader)
    response = client.post(
        "/reports/upload/", {"association": ryazan.pk, "year_from": "2005", "text": "Отчёт."}
    )
    assert response.status_code == 200
    assert "association" in response.context["form"].errors
    assert AnnualReport.objects.count() == 0


def test_missing_tool_is_named_on_the_upload_page(client, coordinator, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    client.force_login(coordinator)
    response = client.get("/reports/upload/")
    assert (
        "Распознавание сканов недоступно: установите пакет Debian tesseract-ocr-rus"
        in response.text
    )
    assert (
        "Чтение файлов DOC недоступно: установите пакет Debian libreoffice-writer-nogui"
        in response.text
    )


def test_review_on_the_page_teaches_the_lexicon(client, coordinator, analysed):
    failure = analysed.findings.get(kind="outcome", matched="отменён")
    client.force_login(coordinator)
    response = client.post(
        f"/reports/findings/{failure.pk}/review/", {"verdict": "rejected", "phrase": "отменён"}
    )
    assert response.status_code == 302
    failure.refresh_from_db()
    assert failure.review == "rejected"
    assert (
        LexiconEntry.objects.filter(
            source="correction", kind="failure", lemmas="отменить", is_exclusion=True
        ).count()
        == 1
    )


def test_member_cannot_review(client, leader, ryazan, analysed):
    ryazan.leaders.add(leader)
    finding = analysed.findings.filter(kind="outcome").first()
    client.force_login(leader)
    response = client.post(f"/reports/findings/{finding.pk}/review/", {"verdict": "rejected"})
    assert response.status_code == 404
    finding.refresh_from_db()
    assert finding.review == "pending"
    assert not LexiconEntry.objects.filter(source="correction").exists()


def test_search_page_highlights_word_forms(client, coordinator, analysed, ryazan):
    services.report_create(actor=coordinator, association=ryazan, year_from=1999, text="Ничего.")
    client.force_login(coordinator)
    response = client.get("/reports/search/", {"q": "ветеран", "decade": "2000s"})
    assert [item["report"].pk for item in response.context["results"]] == [analysed.pk]
    assert "<mark>ветеранам</mark>" in response.text
    response = client.get("/reports/search/", {"q": "ветеран", "direction": "sport"})
    assert response.context["results"] == []


def test_analysis_page_and_note(client, coordinator, analysed):
    client.force_login(coordinator)
    response = client.get("/reports/analysis/")
    assert response.status_code == 200
    assert response.text.count("<svg") == 3
    trends = {t["code"]: t["counts"]["2000s"] for t in response.context["summary"]["trends"]}
    assert trends["culture"] == 3
    response = client.get("/reports/analysis/note/")
    assert response.status_code == 200
    assert "Аналитическая записка" in response.text
    docx_response = client.get("/reports/analysis/note.docx")
    assert docx_response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    document = docx.Document(io.BytesIO(docx_response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == [
        "Аналитическая записка о\u00a0деятельности землячеств по\u00a0годовым отчётам",
        "1. Источники",
        "2. Направления деятельности по\u00a0десятилетиям",
    ]
    trends_table = document.tables[0]
    assert [c.text for c in trends_table.rows[0].cells] == [
        "Направление", "1990-е", "2000-е", "2010-е", "2020-е", "Всего", "Тенденция",
    ]  # fmt: skip
    culture = next(r for r in trends_table.rows if r.cells[0].text == "Культура и\u00a0дни региона")
    assert [c.text for c in culture.cells[1:6]] == ["0", "3", "0", "0", "3"]
    assert len(document.inline_shapes) == 3
    sources = [p.text for p in document.paragraphs if p.text.startswith("[1] ")]
    assert sources == [
        f"[1] Тамбовское землячество, отчёт за\u00a02005. http://testserver/reports/{analysed.pk}/"
    ]


def test_lexicon_edit_by_coordinator_only(client, coordinator, leader):
    client.force_login(leader)
    response = client.post(
        "/reports/lexicon/", {"kind": "achievement", "phrase": "премия губернатора"}
    )
    assert response.status_code == 403
    assert not LexiconEntry.objects.filter(phrase="премия губернатора").exists()
    client.force_login(coordinator)
    response = client.post(
        "/reports/lexicon/", {"kind": "achievement", "phrase": "премия губернатора"}
    )
    assert response.status_code == 302
    entry = LexiconEntry.objects.get(phrase="премия губернатора")
    assert (entry.lemmas, entry.direction, entry.created_by) == (
        "премия губернатор",
        None,
        coordinator,
    )
    response = client.post("/reports/lexicon/", {"kind": "direction", "phrase": "регата"})
    assert response.context["form"].errors == {"direction": ["Укажите направление."]}
    response = client.post(f"/reports/lexicon/{entry.pk}/delete/")
    assert response.status_code == 302
    assert not LexiconEntry.objects.filter(pk=entry.pk).exists()


def test_batch_upload_page_shows_each_file(
    client, coordinator, tambov, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    archive = files.zip_of(
        {
            f"{tambov.slug}_2005.txt": SHORT_TEXT.encode("cp1251"),
            f"{tambov.slug}_2006.pdf": b"%PDF-1.4 broken",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/reports/bulk/", {"file": SimpleUploadedFile("a.zip", archive)})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Принято файлов: 1, отклонено: 1." in page.text
    assert "Обработано: 1 из 1." in page.text
    assert "Файл PDF повреждён и не читается." in page.text


def test_report_page_and_analysis_page_queries_do_not_grow(
    client, coordinator, analysed, tambov, django_assert_num_queries
):
    client.force_login(coordinator)
    client.get(f"/reports/{analysed.pk}/")
    with django_assert_num_queries(6):
        client.get(f"/reports/{analysed.pk}/")
    with django_assert_num_queries(13):
        client.get("/reports/analysis/")
    for year in (1995, 2015, 2021):
        services.report_analyse(
            report=services.report_create(
                actor=coordinator, association=tambov, year_from=year, text=REPORT_TEXT,
                process=False,
            )
        )  # fmt: skip
    with django_assert_num_queries(13):
        client.get("/reports/analysis/")


def test_pages_open_for_the_coordinator(client, coordinator, analysed, tambov):
    from zemlyaki.reports.models import LexiconEntry as Entry

    client.force_login(coordinator)
    entry = Entry.objects.filter(kind="direction").first()
    pages = {
        "/reports/lexicon/": "Словарь анализа отчётов",
        "/reports/lexicon/?kind=failure": "не состояться",
        f"/reports/lexicon/{entry.pk}/edit/": entry.phrase,
        "/reports/upload/": "Загрузка годового отчёта",
        "/reports/bulk/": "ZIP-архив с отчётами",
        f"/reports/analysis/note/?association={tambov.slug}": "Тамбовское землячество",
        f"/reports/analysis/?decade=2000s&direction=culture&association={tambov.slug}": "Культура",
        "/reports/search/": "поиск находит и другие их формы",
    }
    for url, text in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.text, url
    response = client.get(
        "/reports/search/",
        {"q": "ветеран"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="search-results",
    )
    assert "<html" not in response.text
    assert "1 отчёт" in response.text
    assert client.get(f"/reports/{analysed.pk}/file/").status_code == 404


def test_reanalyse_all_after_a_lexicon_change(
    client, coordinator, leader, analysed, django_capture_on_commit_callbacks
):
    from zemlyaki.reports.models import ActivityDirection

    client.force_login(leader)
    assert client.post("/reports/reanalyse/").status_code == 403
    services.lexicon_entry_create(
        actor=coordinator,
        kind="direction",
        direction=ActivityDirection.objects.get(code="charity"),
        phrase="подарки ветеранам",
    )
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/reports/reanalyse/", follow=True)
    assert "На повторный анализ поставлено отчётов: 1." in response.text
    codes = analysed.findings.filter(kind="activity").values_list("category", flat=True)
    assert sorted(set(codes)) == [
        "charity", "culture", "interregional", "organisation", "patriotic", "veterans", "youth",
    ]  # fmt: skip
    assert analysed.findings.filter(kind="activity", matched="подарки ветеранам").count() == 1


def test_report_page_speaks_russian_and_marks_each_match(client, coordinator, analysed):
    client.force_login(coordinator)
    page = client.get(f"/reports/{analysed.pk}/").text
    assert "Длина текста</dt><dd>604 знака, текст введён вручную</dd>" in page
    for word in ("(pasted)", "(text)", "pasted", ">text<", ">ocr<"):
        assert word not in page
    failures = page[page.index('id="failures"') :]
    assert (
        "<blockquote><mark>К сожалению</mark>, <mark>не удалось провести</mark> молодёжный "
        "фестиваль в Мичуринске: он был <mark>перенесён</mark> на 2006 год.</blockquote>"
    ) in failures
    activities = page[page.index('id="activities"') : page.index('id="achievements"')]
    assert "<blockquote>Концерт в Мичуринске был отменён.</blockquote>" not in activities
    assert "<blockquote><mark>Концерт</mark> в Мичуринске был отменён.</blockquote>" in activities
    indicators = page[
        page.index('id="indicators"') : page.index("</ul>", page.index('id="indicators"'))
    ]
    assert '<span class="label">мероприятия</span>: <strong>12</strong>' in indicators
    assert '<span class="label">численность членов</span>: <strong>515</strong> (было 420)' in (
        indicators
    )
    assert "<mark>с 420 до 515 членов</mark>" in indicators


def test_quotes_are_escaped_around_the_mark(client, coordinator, tambov):
    text = "Концерт «<b>Земляки</b>» & вечер прошли для 40 гостей <script>alert(1)</script>."
    report = services.report_analyse(
        report=services.report_create(
            actor=coordinator, association=tambov, year_from=2010, text=text, process=False
        )
    )
    client.force_login(coordinator)
    page = client.get(f"/reports/{report.pk}/").text
    assert "<script>alert(1)</script>" not in page
    assert "<b>Земляки</b>" not in page
    assert (
        "<mark>Концерт</mark> «&lt;b&gt;Земляки&lt;/b&gt;» &amp; вечер прошли для 40 гостей "
        "&lt;script&gt;alert(1)&lt;/script&gt;."
    ) in page
    assert "<mark>40 гостей</mark>" in page


def test_a_long_text_is_shown_in_parts(client, coordinator, tambov):
    text = "\n".join(f"Абзац {n}: землячество провело встречу с земляками." for n in range(800))
    report = services.report_create(
        actor=coordinator, association=tambov, year_from=2010, text=text, process=False
    )
    client.force_login(coordinator)
    first = client.get(f"/reports/{report.pk}/")
    assert first.context["part"].count == 3
    assert "Часть 1 из 3: знаки 1–" in first.text
    assert "Абзац 0:" in first.text and "Абзац 799:" not in first.text
    assert 'href="?part=2#text-h" rel="next"' in first.text
    last = client.get(f"/reports/{report.pk}/", {"part": "3"})
    assert "Абзац 799: землячество провело встречу с земляками." in last.text
    assert "Абзац 0:" not in last.text
    assert 'rel="next"' not in last.text
    shown = "".join(
        text[p.start : p.end]
        for p in (client.get(f"/reports/{report.pk}/", {"part": n}).context["part"] for n in "123")
    )
    assert shown == text
    assert client.get(f"/reports/{report.pk}/", {"part": "x"}).context["part"].number == 1
