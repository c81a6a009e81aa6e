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
    """The summary first (counts and charts); each respondent's answers on their own tab,
    for those allowed, fetched only when that tab is opened."""
    from zemlyaki.core.views_utils import paginate

    survey = _survey_for(request, pk, "surveys.view_results")
    form, filters, query = _filters(request, survey)
    can_answers = request.user.has_perm("surveys.view_answers", survey)
    tab = "answers" if request.GET.get("tab") == "answers" and can_answers else "summary"
    context: dict[str, Any] = {
        "survey": survey,
        "form": form,
        "tab": tab,
        "can_answers": can_answers,
        "query": query,
        "export_query": request.GET.urlencode(),
        "filter_query": _without(request, "tab", "page"),
    }
    if tab == "answers":
        questions, rows = selectors.export_rows(survey, **filters)
        page = paginate(request, rows, per_page=25)
        _log_view(request, survey, len(page.object_list))
        context.update(questions=questions, page=page, total=len(rows))
        context["answer_rows"] = [
            (row, [row["answers"].get(q.pk) for q in questions]) for row in page.object_list
        ]
    else:
        total, results = selectors.survey_results(survey, text_query=query, **filters)
        context.update(
            total=total,
            results=[(r, exports.chart_for(r)) for r in results],
            rates=selectors.response_rates(survey) if survey.is_personal else [],
        )
    return render(request, "surveys/survey_results.html", context)


def _without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _log_view(request: HttpRequest, survey: Survey, rows: int) -> None:
    """Opening the answers of a personal questionnaire is a view of personal data."""
    if not survey.is_personal:
        return
    from zemlyaki.people.services import access_log

    access_log(
        user=request.user,
        action="view_list",
        query={"survey": survey.pk, "tab": "answers"},
        rows=rows,
        association=survey.association,
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
