"""XLSX exports: the ranking of a year and all assessments of a year."""

import io
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from zemlyaki.core.views_utils import require_perm

from . import selectors
from .models import Block, Campaign
from .scoring import percent

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ranking_workbook(year: int) -> bytes:
    result = selectors.ranking(year)
    from openpyxl import Workbook  # imported with the export, not with the views

    book = Workbook()
    sheet = book.active
    sheet.title = _("Рейтинг")
    sheet.append([_("Место"), _("Землячество"), _("Балл, %"), *[str(b.label) for b in Block]])
    for row in result["rows"]:
        sheet.append(
            [
                row.rank,
                row.association.name,
                row.percent,
                *[percent(row.blocks[b.value]) if b.value in row.blocks else None for b in Block],
            ]
        )
    missing = book.create_sheet(_("Не представили"))
    missing.append([_("Землячество")])
    for association in result["missing"]:
        missing.append([association.name])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def assessments_workbook(year: int, user: Any) -> bytes:
    from openpyxl import Workbook  # imported with the export, not with the views

    book = Workbook()
    sheet = book.active
    sheet.title = _("Ответы")
    sheet.append(
        [
            _("Землячество"),
            _("Статус"),
            _("Блок"),
            _("Критерий"),
            _("Вес"),
            _("Ответ"),
            _("Решение"),
            _("Принятое значение"),
            _("Подтверждения"),
        ]
    )
    for assessment in selectors.assessment_list(user=user, year=year).prefetch_related(
        "answers__criterion", "answers__evidence"
    ):
        for answer in assessment.answers.all():
            sheet.append(
                [
                    assessment.association.name,
                    assessment.get_status_display(),
                    answer.criterion.get_block_display(),
                    answer.criterion.code,
                    answer.criterion.weight,
                    None if answer.value is None else float(answer.value),
                    answer.get_review_status_display(),
                    None if answer.accepted_value is None else float(answer.accepted_value),
                    "; ".join(str(e) for e in answer.evidence.all()),
                ]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _campaign(request: HttpRequest) -> Campaign:
    year = request.GET.get("year", "")
    campaign = Campaign.objects.filter(year=year).first() if year.isdigit() else None
    if campaign is None:
        raise Http404
    return campaign


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def ranking_xlsx(request: HttpRequest) -> HttpResponse:
    campaign = _campaign(request)
    require_perm(request, "standard.view_ranking", campaign)
    return _xlsx(ranking_workbook(campaign.year), f"standard-ranking-{campaign.year}.xlsx")


def assessments_xlsx(request: HttpRequest) -> HttpResponse:
    campaign = _campaign(request)
    require_perm(request, "standard.export", campaign)
    return _xlsx(
        assessments_workbook(campaign.year, request.user),
        f"standard-assessments-{campaign.year}.xlsx",
    )
