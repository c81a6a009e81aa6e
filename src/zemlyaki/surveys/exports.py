"""Exports of answers (XLSX, CSV: one row per respondent, one column per question) and
the results report in PDF with the charts."""

import csv
import datetime
import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.typography import typograph_html

from . import charts
from .models import Survey
from .selectors import export_rows, survey_results


def _headers(questions: list[Any], personal: bool) -> list[str]:
    head = [_("№"), _("Отправлена"), _("Землячество"), _("Малая родина")]
    if personal:
        head.append(_("Участник"))
    return head + [q.title for q in questions]


def _cells(row: dict[str, Any], questions: list[Any], personal: bool) -> list[Any]:
    submitted = row["submitted_at"]
    if submitted is not None:
        submitted = timezone.localtime(submitted).replace(tzinfo=None, microsecond=0)
    cells = [row["number"], submitted, row["association"], row["home_region"]]
    if personal:
        cells.append(row["person"])
    return cells + [row["answers"].get(q.pk) for q in questions]


def answers_xlsx(survey: Survey, **filters: Any) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    questions, rows = export_rows(survey, **filters)
    personal = survey.is_personal
    book = Workbook()
    sheet = book.active
    sheet.title = _("Ответы")
    sheet.append(_headers(questions, personal))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(_cells(row, questions, personal))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = "DD.MM.YYYY HH:MM"
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def answers_csv(survey: Survey, **filters: Any) -> bytes:
    """CSV for spreadsheets set to Russian: UTF-8 with BOM, «;» between fields."""
    questions, rows = export_rows(survey, **filters)
    personal = survey.is_personal
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(_headers(questions, personal))
    for row in rows:
        writer.writerow([_csv_text(v) for v in _cells(row, questions, personal)])
    return buffer.getvalue().encode("utf-8-sig")


def chart_for(result: Any) -> Any:
    if result.kind == "bars":
        return charts.bar_chart(result.bars, title=result.question.title)
    if result.kind == "histogram":
        return charts.histogram(result.bars, title=result.question.title)
    return ""


def results_pdf(survey: Survey, **filters: Any) -> bytes:
    from weasyprint import HTML

    total, results = survey_results(survey, **filters)
    html = render_to_string(
        "surveys/results_pdf.html",
        {
            "survey": survey,
            "total": total,
            "results": [(r, chart_for(r)) for r in results],
            "generated": timezone.localtime(),
        },
    )
    return HTML(string=typograph_html(html)).write_pdf()
