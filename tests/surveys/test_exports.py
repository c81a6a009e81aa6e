"""Exports read back with the libraries that read them: openpyxl, csv, pdftotext."""

import csv
import datetime
import io
import subprocess

import pytest
from openpyxl import load_workbook

from tests.support.tools import require_program
from zemlyaki.surveys.services import response_submit_all

from .factories import make_full_survey


def opt(question, title):
    return question.options.get(title=title).pk


@pytest.fixture
def answered(db, coordinator):
    survey, q, time_option = make_full_survey()
    rows = {o.title: o.pk for o in q["matrix"].options.filter(is_row=True)}
    response_submit_all(
        survey=survey,
        raw={
            q["name"].pk: "Анна",
            q["about"].pk: "Юрист, 20 лет практики",
            q["help"].pk: [time_option.pk, "Помещение"],
            q["hours"].pk: 12,
            q["city"].pk: opt(q["city"], "Москва"),
            q["scale"].pk: 4,
            q["born"].pk: "1980-02-01",
            q["matrix"].pk: {
                str(rows["Культура"]): opt(q["matrix"], "Важно"),
                str(rows["Спорт"]): opt(q["matrix"], "Не важно"),
            },
        },
    )
    response_submit_all(
        survey=survey,
        raw={q["name"].pk: "Борис", q["help"].pk: [opt(q["help"], "Деньги")], q["scale"].pk: 2},
    )
    return survey, q


EXPECTED_HEAD = [
    "№", "Отправлена", "Землячество", "Малая родина", "Как вас зовут?", "Расскажите о себе",
    "Чем готовы помочь?", "Часов в месяц", "Где живёте?", "Оценка", "Дата рождения",
    "Оцените направления",
]  # fmt: skip


def test_xlsx_has_exactly_the_answers(answered, client, coordinator):
    survey, _q = answered
    client.force_login(coordinator)
    response = client.get(f"/surveys/{survey.pk}/results.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == EXPECTED_HEAD
    assert len(rows) == 3
    first, second = rows[1], rows[2]
    assert isinstance(first[1], datetime.datetime)
    assert list(first[:1]) + list(first[2:]) == [
        1, None, None, "Анна", "Юрист, 20 лет практики", "Время; Другое: Помещение", 12,
        "Москва", 4, datetime.datetime(1980, 2, 1), "Культура: Важно; Спорт: Не важно",
    ]  # fmt: skip
    assert list(second[:1]) + list(second[2:]) == [
        2, None, None, "Борис", None, "Деньги", None, None, 2, None, None,
    ]  # fmt: skip


def test_csv_for_russian_spreadsheets(answered, client, coordinator):
    survey, _q = answered
    client.force_login(coordinator)
    response = client.get(f"/surveys/{survey.pk}/results.csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == EXPECTED_HEAD
    assert rows[1][4:] == [
        "Анна", "Юрист, 20 лет практики", "Время; Другое: Помещение", "12", "Москва", "4",
        "01.02.1980", "Культура: Важно; Спорт: Не важно",
    ]  # fmt: skip
    assert len(rows) == 3


def _pdftotext() -> str:
    return require_program("pdftotext", "poppler-utils")


def test_pdf_report_has_the_question_titles(answered, client, coordinator, tmp_path):
    tool = _pdftotext()
    survey, _q = answered
    client.force_login(coordinator)
    response = client.get(f"/surveys/{survey.pk}/results.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        [tool, "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    for title in EXPECTED_HEAD[4:]:
        assert title in text
    assert "Анкета земляка" in text
    assert "2 ответа" in text
    # The bar chart is drawn: option labels from the SVG are in the text layer.
    assert "Деньги" in text


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "pdf"])
def test_export_refused_to_others(answered, client, member, fmt):
    survey, _q = answered
    client.force_login(member)
    assert client.get(f"/surveys/{survey.pk}/results.{fmt}").status_code == 404
