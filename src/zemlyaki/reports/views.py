from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zemlyaki.core.protected_files import Download, send
from zemlyaki.core.urls_public import site_url
from zemlyaki.core.views_utils import apply_validation_error, htmx_target, paginate, require_perm

from . import report_page, selectors, services, tools
from .forms import (
    AnalysisFilterForm,
    BatchUploadForm,
    FindingReviewForm,
    LexiconEntryForm,
    LexiconFilterForm,
    ReportFilterForm,
    ReportUploadForm,
    SearchForm,
)
from .models import (
    DECADE_LABELS,
    DECADES,
    ActivityDirection,
    AnnualReport,
    FindingKind,
    IndicatorType,
    LexiconEntry,
    ReportBatch,
    ReportFinding,
)
from .note import build_note, chart_svg, chart_table


def _report_for(request: HttpRequest, pk: int, perm: str = "reports.view_report") -> AnnualReport:
    """The report if the user may see it; 404 alike for missing and hidden ones."""
    report = get_object_or_404(AnnualReport.objects.select_related("association"), pk=pk)
    require_perm(request, "reports.view_report", report, hide=True)
    if perm != "reports.view_report":
        require_perm(request, perm, report)
    return report


def report_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "reports.view_report")
    visible = selectors.associations_visible(request.user)
    form = ReportFilterForm(request.GET or None, associations=visible)
    filters = {"q": "", "association": "", "decade": "", "status": ""}
    if form.is_valid():
        filters.update({k: v or "" for k, v in form.cleaned_data.items()})
    page = paginate(request, selectors.report_list(user=request.user, **filters))
    context = {"form": form, "page": page, "tools": tools.status()}
    if htmx_target(request) == "report-results":
        return render(request, "reports/partials/_report_results.html", context)
    return render(request, "reports/report_list.html", context)


def report_upload(request: HttpRequest) -> HttpResponse:
    require_perm(request, "reports.upload_report")
    allowed = selectors.associations_for_upload(request.user)
    initial: dict[str, Any] = {}
    if request.GET.get("association"):
        initial["association"] = allowed.filter(slug=request.GET["association"]).first()
    if request.GET.get("year", "").isdigit():
        initial["year_from"] = int(request.GET["year"])
    form = ReportUploadForm(
        request.POST or None, request.FILES or None, associations=allowed, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            require_perm(request, "reports.upload_report", data["association"])
            upload = services.Upload.from_django(data["file"]) if data["file"] else None
            report = services.report_create(
                actor=request.user,
                association=data["association"],
                year_from=data["year_from"],
                year_to=data["year_to"],
                meeting_date=data["meeting_date"],
                title=data["title"],
                upload=upload,
                text=data["text"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                error = ValidationError({"file": error.messages})
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Отчёт загружен и поставлен в обработку."))
            return redirect(report)
    return render(request, "reports/report_upload.html", {"form": form, "tools": tools.status()})


def batch_upload(request: HttpRequest) -> HttpResponse:
    require_perm(request, "reports.upload_report")
    allowed = selectors.associations_for_upload(request.user)
    form = BatchUploadForm(request.POST or None, request.FILES or None, associations=allowed)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.batch_create(
                actor=request.user,
                upload=services.Upload.from_django(form.cleaned_data["file"]),
                associations=allowed,
                default_association=form.cleaned_data["association"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                error = ValidationError({"file": error.messages})
            apply_validation_error(form, error)
        else:
            return redirect("reports:batch_detail", pk=batch.pk)
    return render(request, "reports/batch_upload.html", {"form": form})


def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "reports.upload_report")
    batch = get_object_or_404(ReportBatch, pk=pk)
    if batch.created_by_id != request.user.pk and not request.user.has_perm(
        "reports.reanalyse_all"
    ):
        raise Http404
    ids = [item["report_id"] for item in batch.items if item.get("report_id")]
    reports = {
        r.pk: r
        for r in AnnualReport.objects.filter(pk__in=ids)
        .select_related("association")
        .defer("text", "search_text")
    }
    items = [{**item, "report": reports.get(item.get("report_id"))} for item in batch.items]
    done = sum(1 for r in reports.values() if not r.is_processing or r.is_stalled)
    context = {
        "batch": batch,
        "items": items,
        "accepted": len(ids),
        "refused": len(batch.items) - len(ids),
        "done": done,
        "percent": int(100 * done / len(ids)) if ids else 100,
        "processing": done < len(ids),
    }
    if htmx_target(request) is not None:
        return render(request, "reports/partials/_batch_progress.html", context)
    return render(request, "reports/batch_detail.html", context)


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    grouped = report_page.report_findings(report)
    for findings in grouped.values():
        for finding in findings:
            finding.quote_html = report_page.quote_html(finding)  # type: ignore[attr-defined]  # computed for the template
    numbers = grouped.get(FindingKind.NUMBER, [])
    try:
        part_number = int(request.GET.get("part", "1"))
    except ValueError:
        part_number = 1
    part = report_page.text_part(report.text, part_number)
    context = {
        "report": report,
        "part": part,
        "highlighted": report_page.highlighted_text(report, grouped, part.start, part.end),
        "entities": report_page.entities_summary(grouped.get(FindingKind.ENTITY, [])),
        "dates": report_page.dates_summary(grouped.get(FindingKind.DATE, [])),
        "activities": grouped.get(FindingKind.ACTIVITY, []),
        "achievements": [
            f for f in grouped.get(FindingKind.OUTCOME, []) if f.category == "achievement"
        ],
        "failures": [f for f in grouped.get(FindingKind.OUTCOME, []) if f.category == "failure"],
        "indicators": [n for n in numbers if n.category != IndicatorType.OTHER],
        "other_numbers": [n for n in numbers if n.category == IndicatorType.OTHER],
        "directions": list(ActivityDirection.objects.all()),
        "can_review": request.user.has_perm("reports.review_finding", report),
        "can_reanalyse": request.user.has_perm("reports.reanalyse_report", report),
        "can_delete": request.user.has_perm("reports.delete_report", report),
    }
    return render(request, "reports/report_detail.html", context)


def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    response = render(request, "reports/partials/_report_status.html", {"report": report})
    if not report.is_processing and htmx_target(request) is not None:
        response["HX-Refresh"] = "true"  # show the analysis once it is ready
    return response


def report_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    report = _report_for(request, pk)
    if not report.file:
        raise Http404
    return send(Download(report.file, filename=report.original_name or "report"))


@require_POST
def report_reanalyse(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk, "reports.reanalyse_report")
    failed = report.is_failed
    services.report_reanalyse(actor=request.user, report=report)
    report.refresh_from_db()  # with tasks run at once, the analysis has already run
    if report.is_failed:
        messages.error(request, _("Анализ перезапущен, но снова завершился ошибкой."))
    elif failed:
        messages.success(request, _("Анализ перезапущен."))
    else:
        messages.success(request, _("Отчёт поставлен на повторный анализ."))
    return redirect(report)


@require_POST
def report_delete(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk, "reports.delete_report")
    services.report_delete(actor=request.user, report=report)
    messages.success(request, _("Отчёт удалён."))
    return redirect("reports:report_list")


@require_POST
def reports_reanalyse_all(request: HttpRequest) -> HttpResponse:
    require_perm(request, "reports.reanalyse_all")
    count = services.reports_reanalyse_all(actor=request.user)
    messages.success(request, _("На повторный анализ поставлено отчётов: %(n)s.") % {"n": count})
    return redirect("reports:report_list")


@require_POST
def finding_review(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_object_or_404(ReportFinding.objects.select_related("report__association"), pk=pk)
    report = finding.report
    require_perm(request, "reports.view_report", report, hide=True)
    require_perm(request, "reports.review_finding", report)
    form = FindingReviewForm(request.POST)
    if form.is_valid():
        try:
            services.finding_review(
                actor=request.user,
                finding=finding,
                verdict=form.cleaned_data["verdict"],
                direction=form.cleaned_data["direction"],
                phrase=form.cleaned_data["phrase"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Находка подтверждена.")
                if form.cleaned_data["verdict"] == "confirmed"
                else _("Находка отклонена; словарь учтёт это при следующем анализе."),
            )
    else:
        messages.error(request, _("Выберите: подтвердить или отклонить."))
    return redirect(f"{report.get_absolute_url()}#finding-{finding.pk}")


def _analysis_scope(request: HttpRequest) -> tuple[Any, AnalysisFilterForm, dict[str, str]]:
    visible = selectors.associations_visible(request.user)
    form = AnalysisFilterForm(request.GET or None, associations=visible)
    filters = {"association": "", "decade": "", "direction": ""}
    if form.is_valid():
        filters.update({k: v or "" for k, v in form.cleaned_data.items()})
    return visible, form, filters


def analysis(request: HttpRequest) -> HttpResponse:
    require_perm(request, "reports.view_analysis")
    visible, form, filters = _analysis_scope(request)
    summary = selectors.analysis_summary(associations=visible, **filters)
    from . import charts

    context = {
        "form": form,
        "filters": filters,
        "summary": summary,
        "decades": [(d, DECADE_LABELS[d]) for d in DECADES],
        "trends_chart": charts.trends_svg(
            summary["trends"], _("Упоминания направлений по десятилетиям")
        ),
        "outcomes_chart": charts.outcomes_svg(summary["outcomes"], _("Достижения и неудачи"))
        + charts.outcomes_table(summary["outcomes"], _("Достижения и неудачи")),
        "members_chart": charts.members_svg(summary["members"], _("Численность членов"))
        + charts.members_table(summary["members"], _("Численность членов")),
    }
    return render(request, "reports/analysis.html", context)


def analysis_note(request: HttpRequest) -> HttpResponse:
    require_perm(request, "reports.view_analysis")
    visible, form, filters = _analysis_scope(request)
    note = build_note(associations=visible, association=filters["association"])
    blocks = [
        {"block": b, "svg": chart_svg(b) + chart_table(b) if b.kind == "chart" else ""}
        for b in note.blocks
    ]
    return render(
        request,
        "reports/analysis_note.html",
        {"note": note, "blocks": blocks, "form": form, "filters": filters},
    )


def analysis_note_docx(request: HttpRequest) -> HttpResponse:
    require_perm(request, "reports.view_analysis")
    visible, _form, filters = _analysis_scope(request)
    content = services.analytical_note_docx(
        associations=visible,
        association=filters["association"],
        base_url=site_url(),
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = 'attachment; filename="analiticheskaya-zapiska.docx"'
    return response


def search(request: HttpRequest) -> HttpResponse:
    require_perm(request, "reports.view_report")
    visible = selectors.associations_visible(request.user)
    form = SearchForm(request.GET or None, associations=visible)
    filters = {"q": "", "association": "", "decade": "", "direction": ""}
    if form.is_valid():
        filters.update({k: v or "" for k, v in form.cleaned_data.items()})
    page = paginate(request, selectors.report_search(user=request.user, **filters))
    texts = selectors.report_texts([r.pk for r in page])
    results = [
        {"report": r, "fragments": selectors.search_fragments(texts.get(r.pk, ""), filters["q"])}
        for r in page
    ]
    context = {"form": form, "page": page, "results": results, "q": filters["q"]}
    if htmx_target(request) == "search-results":
        return render(request, "reports/partials/_search_results.html", context)
    return render(request, "reports/search.html", context)


def lexicon(request: HttpRequest) -> HttpResponse:
    require_perm(request, "reports.view_lexicon")
    services.lexicon_ensure()
    can_edit = request.user.has_perm("reports.edit_lexicon")
    filter_form = LexiconFilterForm(request.GET or None)
    filters = {"kind": "", "direction": "", "q": ""}
    if filter_form.is_valid():
        filters.update({k: v or "" for k, v in filter_form.cleaned_data.items()})
    form = LexiconEntryForm(request.POST or None)
    if request.method == "POST":
        require_perm(request, "reports.edit_lexicon")
        if form.is_valid():
            try:
                services.lexicon_entry_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Фраза добавлена. Чтобы применить словарь к отчётам, запустите повторный анализ."
                    ),
                )
                return redirect("reports:lexicon")
    page = paginate(request, selectors.lexicon_entries(**filters), per_page=50)
    return render(
        request,
        "reports/lexicon.html",
        {"form": form, "filter_form": filter_form, "page": page, "can_edit": can_edit},
    )


def lexicon_entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "reports.edit_lexicon")
    entry = get_object_or_404(LexiconEntry.objects.select_related("direction"), pk=pk)
    initial = {
        "kind": entry.kind,
        "direction": entry.direction,
        "phrase": entry.phrase,
        "is_exclusion": entry.is_exclusion,
    }
    form = LexiconEntryForm(request.POST or None, initial=initial)
    form.fields["kind"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.lexicon_entry_update(
                actor=request.user,
                entry=entry,
                phrase=form.cleaned_data["phrase"],
                direction=form.cleaned_data["direction"],
                is_exclusion=form.cleaned_data["is_exclusion"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("reports:lexicon")
    return render(request, "reports/lexicon_entry_form.html", {"form": form, "entry": entry})


@require_POST
def lexicon_entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "reports.edit_lexicon")
    entry = get_object_or_404(LexiconEntry, pk=pk)
    services.lexicon_entry_delete(actor=request.user, entry=entry)
    messages.success(request, _("Фраза удалена из словаря."))
    return redirect("reports:lexicon")
