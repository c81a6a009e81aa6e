"""The results of a survey and their exports."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import exports, selectors
from .forms import (
    ResultsFilterForm,
)
from .models import (
    Survey,
)
from .views import _survey_for


def _filters(request: HttpRequest, survey: Survey) -> tuple[ResultsFilterForm, dict[str, Any], str]:
    form = ResultsFilterForm(request.GET or None, survey=survey)
    filters: dict[str, Any] = {}
    query = ""
    if form.is_valid():
        filters = {
            "association": form.cleaned_data["association"],
            "region": form.cleaned_data["region"],
        }
        query = form.cleaned_data["q"]
    return form, filters, query


def survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey_for(request, pk, "surveys.view_results")
    form, filters, query = _filters(request, survey)
    total, results = selectors.survey_results(survey, text_query=query, **filters)
    return render(
        request,
        "surveys/survey_results.html",
        {
            "survey": survey,
            "form": form,
            "total": total,
            "results": [(r, exports.chart_for(r)) for r in results],
            "rates": selectors.response_rates(survey) if survey.is_personal else [],
            "query": query,
            "export_query": request.GET.urlencode(),
        },
    )


def _log_export(request: HttpRequest, survey: Survey, fmt: str, rows: int) -> None:
    if not survey.is_personal:
        return
    from zemlyaki.people.services import access_log

    access_log(
        user=request.user,
        action="export",
        query={"survey": survey.pk, "format": fmt},
        rows=rows,
        association=survey.association,
    )


def survey_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    survey = _survey_for(request, pk, "surveys.export_results")
    _form, filters, _query = _filters(request, survey)
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    name = f"anketa-{survey.pk}-{stamp}"
    if fmt == "xlsx":
        content = exports.answers_xlsx(survey, **filters)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        content = exports.answers_csv(survey, **filters)
        ctype = "text/csv; charset=utf-8"
    elif fmt == "pdf":
        content = exports.results_pdf(survey, **filters)
        ctype = "application/pdf"
    else:
        raise Http404
    _log_export(request, survey, fmt, selectors.submitted_responses(survey, **filters).count())
    result = HttpResponse(content, content_type=ctype)
    result["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return result
