import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zemlyaki.reports.models import AnnualReport

from . import files
from .conftest import REPORT_TEXT, SHORT_TEXT


def upload(token, capture, **data):
    client = Client()
    with capture(execute=True):
        return client.post("/api/v1/reports", data, HTTP_AUTHORIZATION=f"Bearer {token}")


def _builders():
    return {
        "docx": (lambda: files.docx_bytes(SHORT_TEXT), None),
        "pdf": (lambda: files.pdf_bytes(SHORT_TEXT), None),
        "scan.pdf": (lambda: files.scanned_pdf_bytes(SHORT_TEXT), "tesseract"),
        "rtf": (lambda: files.rtf_bytes(SHORT_TEXT), None),
        "txt": (lambda: SHORT_TEXT.encode("cp1251"), None),
    }


@pytest.mark.parametrize("name", ["docx", "pdf", "scan.pdf", "rtf", "txt"])
def test_upload_each_format_analyse_and_find_by_word_form(
    name, api, coordinator, token_for, tambov, django_capture_on_commit_callbacks
):
    builder, tool = _builders()[name]
    if tool:
        files.require_tool(tool)
        files.require_tool("pdftoppm")
    token = token_for(coordinator)
    # The name says nothing true about the content: the type is sniffed.
    response = upload(
        token,
        django_capture_on_commit_callbacks,
        file=SimpleUploadedFile(f"report.{name}.bin", builder()),
        association=tambov.slug,
        year="2004",
    )
    assert response.status_code == 201, response.content
    report_id = response.json()["id"]
    detail = api.get(f"/reports/{report_id}", token=token).json()
    assert detail["status"] == "analysed"
    assert detail["error"] == ""
    assert detail["text_length"] == len(AnnualReport.objects.get(pk=report_id).text)
    assert detail["decade"] == "2000s"
    analysis = api.get(f"/reports/{report_id}/analysis", token=token).json()
    assert [(a["direction"], a["matched"]) for a in analysis["activities"]] == [
        ("culture", "концерт"),
        ("veterans", "ветеранов"),
        ("charity", "помощь землякам"),
    ]
    assert [(i["kind"], i["value"]) for i in analysis["indicators"]] == [("money", 120000.0)]
    assert [(e["type"], e["normal"]) for e in analysis["entities"]] == [
        ("ORG", "Землячество"),
        ("LOC", "Тамбов"),
    ]
    found = api.get("/reports/search", token=token, q="ветеранами").json()
    assert found["count"] == 1
    assert found["items"][0]["id"] == report_id
    assert "<mark>ветеранов</mark>" in found["items"][0]["fragments"][0]


def test_analysis_of_the_test_text(
    api, coordinator, token_for, tambov, django_capture_on_commit_callbacks
):
    token = token_for(coordinator)
    response = upload(
        token,
        django_capture_on_commit_callbacks,
        text=REPORT_TEXT,
        association=tambov.slug,
        year="2005",
    )
    assert response.status_code == 201
    analysis = api.get(f"/reports/{response.json()['id']}/analysis", token=token).json()
    assert [o["type"] for o in analysis["outcomes"]] == ["failure", "failure", "achievement"]
    assert analysis["indicators"][-1] == {
        "kind": "members",
        "kind_name": "численность членов",
        "value": 515.0,
        "previous": 420.0,
        "counts": "член",
        "text": "с 420 до 515 членов",
    }
    assert [d["value"] for d in analysis["dates"]] == ["2005", "2005", "15.05.2005", "2006"]


def test_upload_errors_are_422_in_russian(coordinator, token_for, tambov, settings):
    settings.ZEMLYAKI_UPLOAD_MAX_BYTES = 1000
    client = Client()
    token = token_for(coordinator)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    response = client.post(
        "/api/v1/reports",
        {
            "file": SimpleUploadedFile("a.txt", b"x" * 5000),
            "association": tambov.slug,
            "year": "2005",
        },
        **auth,
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "file"
    assert response.json()["detail"][0]["msg"].startswith("Файл слишком большой")
    response = client.post(
        "/api/v1/reports", {"text": "Текст", "association": tambov.slug, "year": "1985"}, **auth
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "year_from"
    response = client.post(
        "/api/v1/reports", {"text": "Текст", "association": "nope", "year": "2005"}, **auth
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Землячество не найдено."
    assert AnnualReport.objects.count() == 0


def test_upload_needs_token_and_permission(member, leader, token_for, tambov, ryazan):
    client = Client()
    data = {"text": "Текст", "association": tambov.slug, "year": "2005"}
    assert client.post("/api/v1/reports", data).status_code == 401
    response = client.post(
        "/api/v1/reports", data, HTTP_AUTHORIZATION=f"Bearer {token_for(member)}"
    )
    assert response.status_code == 403
    tambov.leaders.add(leader)
    response = client.post(
        "/api/v1/reports",
        {**data, "association": ryazan.slug},
        HTTP_AUTHORIZATION=f"Bearer {token_for(leader)}",
    )
    assert response.status_code == 403
    assert AnnualReport.objects.count() == 0
    response = client.post(
        "/api/v1/reports", data, HTTP_AUTHORIZATION=f"Bearer {token_for(leader)}"
    )
    assert response.status_code == 201


def test_leader_sees_only_own_reports(api, coordinator, leader, token_for, tambov, ryazan):
    from zemlyaki.reports.services import report_create

    tambov.leaders.add(leader)
    own = report_create(actor=coordinator, association=tambov, year_from=2005, text="Концерт.")
    other = report_create(actor=coordinator, association=ryazan, year_from=2005, text="Концерт.")
    token = token_for(leader)
    assert api.get(f"/reports/{own.pk}", token=token).status_code == 200
    assert api.get(f"/reports/{other.pk}", token=token).status_code == 404
    assert api.get(f"/reports/{other.pk}/analysis", token=token).status_code == 404
    assert api.get("/analysis", token=token, association=ryazan.slug).status_code == 403
    assert api.get("/analysis", token=token).status_code == 200


def test_aggregate_analysis(
    api, coordinator, token_for, tambov, django_capture_on_commit_callbacks
):
    from zemlyaki.reports.services import report_create

    with django_capture_on_commit_callbacks(execute=True):
        report_create(actor=coordinator, association=tambov, year_from=1997, text="Прошёл концерт.")
        report_create(
            actor=coordinator,
            association=tambov,
            year_from=2021,
            text="Прошёл концерт. Ветеранам вручены подарки. Выставка была отменена.",
        )
    token = token_for(coordinator)
    data = api.get("/analysis", token=token, association=tambov.slug).json()
    assert data["reports_per_decade"] == {"1990s": 1, "2000s": 0, "2010s": 0, "2020s": 1}
    trends = {t["code"]: (t["counts"], t["trend"]) for t in data["trends"]}
    assert trends["culture"] == ({"1990s": 1, "2000s": 0, "2010s": 0, "2020s": 2}, "grows")
    assert trends["veterans"] == ({"1990s": 0, "2000s": 0, "2010s": 0, "2020s": 1}, "grows")
    assert data["outcomes"]["failure"] == {"1990s": 0, "2000s": 0, "2010s": 0, "2020s": 1}
    decade = api.get("/analysis", token=token, decade="1990s").json()
    assert decade["reports_total"] == 1
    assert api.get("/analysis", token=token, decade="1980s").status_code == 422


def test_the_extracted_text_is_in_the_answer_in_parts(api, coordinator, token_for, tambov):
    from zemlyaki.reports import services

    text = "\n".join(f"Абзац {n}: землячество провело встречу с земляками." for n in range(800))
    report = services.report_create(
        actor=coordinator, association=tambov, year_from=2010, text=text, process=False
    )
    token = token_for(coordinator)
    first = api.get(f"/reports/{report.pk}", token=token).json()
    assert (first["text_length"], first["text_offset"], first["text_truncated"]) == (
        len(text),
        0,
        True,
    )
    assert first["text"] == text[:20_000]
    assert first["text_next_offset"] == 20_000
    parts = [first["text"]]
    offset = first["text_next_offset"]
    while offset is not None:
        page = api.get(f"/reports/{report.pk}", token=token, text_offset=offset).json()
        assert page["text_offset"] == offset
        parts.append(page["text"])
        offset = page["text_next_offset"]
    assert "".join(parts) == text
    assert len(parts) == 3
    small = api.get(f"/reports/{report.pk}", token=token, text_offset=5, text_limit=10).json()
    assert (small["text"], small["text_truncated"], small["text_next_offset"]) == (
        text[5:15],
        True,
        15,
    )
    short = services.report_create(
        actor=coordinator, association=tambov, year_from=2011, text="Короткий отчёт.", process=False
    )
    whole = api.get(f"/reports/{short.pk}", token=token).json()
    assert (whole["text"], whole["text_truncated"], whole["text_next_offset"]) == (
        "Короткий отчёт.",
        False,
        None,
    )
    wrong = api.get(f"/reports/{report.pk}", token=token, text_limit=0)
    assert wrong.status_code == 422
