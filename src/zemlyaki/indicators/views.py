"""Pages of the indicators: the dashboard, one indicator, entering and fixing a value, the
control body's review queue, the stages of the strategy, the XLSX export."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zemlyaki.core.cache import cached
from zemlyaki.core.errors import Conflict, Invalid, add_to_form
from zemlyaki.core.views_utils import require_perm
from zemlyaki.core.visibility import get_visible_or_404

from . import selectors
from .charts import chart_svg
from .forecast import METHOD
from .forms import EntryForm, ReviewForm, StagesForm
from .models import Indicator, Level, Measurement, Source
from .services import (
    measurement_enter,
    measurement_fix,
    measurement_review,
    refresh_start,
    stages_set,
)
from .xlsx import XLSX, workbook


def dashboard(request: HttpRequest) -> HttpResponse:
    require_perm(request, "indicators.view_dashboard")
    # Everyone signed in sees every indicator and a guest the public ones, and the cards
    # show only counted values: two variants of the cards, kept while the data stay the same.
    signed_in = bool(request.user.is_authenticated)

    def build() -> str:
        groups = selectors.dashboard(request.user)
        return render_to_string("indicators/_groups.html", {"groups": groups}, request=None)

    cards = cached("indicators:dashboard", selectors.data_version(),
                   [signed_in, selectors.current_year()], build)  # fmt: skip
    documents = []
    if request.user.has_perm("indicators.manage"):
        from zemlyaki.strategy.models import Document

        documents = list(Document.objects.filter(indicators__isnull=False).distinct())
    context = {"cards": mark_safe(cards), "documents": documents}  # noqa: S308 — our template
    return render(request, "indicators/dashboard.html", context)


def _evidence_visible(user: Any, m: Measurement) -> bool:
    if not m.evidence_file or not user.is_authenticated:
        return False
    return bool(user.has_perm("indicators.view_evidence", m) or m.created_by_id == user.pk)


def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_visible_or_404(Indicator, request.user, pk=pk)
    view = selectors.indicator_view(indicator)
    rows = list(selectors.measurements_of(indicator, request.user))
    for m in rows:
        m.show_file = _evidence_visible(request.user, m)  # type: ignore[attr-defined]
        m.can_fix = request.user.has_perm("indicators.fix_value", m)  # type: ignore[attr-defined]
    context = {
        "view": view,
        "indicator": indicator,
        "chart": chart_svg(view.chart, str(indicator)),
        "measurements": rows,
        "breakdown": selectors.breakdown(view) if indicator.level == Level.ASSOCIATION else [],
        "method": METHOD,
        "can_enter": indicator.source == Source.ENTERED
        and request.user.has_perm("indicators.enter_any"),
        "signed_in": request.user.is_authenticated,
    }
    return render(request, "indicators/indicator.html", context)


def enter(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_visible_or_404(Indicator, request.user, pk=pk)
    require_perm(request, "indicators.enter_any")
    if indicator.source != Source.ENTERED:
        raise Conflict(_("Значения этого показателя вычисляет платформа."))
    form = EntryForm(request.POST or None, request.FILES or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            measurement_enter(
                actor=request.user,
                indicator=indicator,
                year=data["period"],
                value=data["value"],
                association=data.get("association"),
                comment=data["comment"],
                evidence_file=data["evidence"],
                evidence_url=data["evidence_url"],
            )
        except Invalid as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Значение внесено и передано на проверку."))
            return redirect("indicators:indicator", pk=indicator.pk)
    return render(request, "indicators/enter.html", {"indicator": indicator, "form": form})


def fix(request: HttpRequest, pk: int) -> HttpResponse:
    measurement = get_visible_or_404(Measurement, request.user, pk=pk)
    require_perm(request, "indicators.fix_value", measurement)
    indicator = measurement.indicator
    initial = {
        "value": measurement.value,
        "comment": measurement.comment,
        "evidence_url": measurement.evidence_url,
    }
    form = EntryForm(
        request.POST or None,
        request.FILES or None,
        indicator=indicator,
        fixing=True,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            measurement_fix(
                actor=request.user,
                measurement=measurement,
                value=data["value"],
                comment=data["comment"],
                evidence_file=data["evidence"],
                evidence_url=data["evidence_url"],
            )
        except Invalid as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Исправленное значение передано на проверку."))
            return redirect("indicators:indicator", pk=indicator.pk)
    context = {"indicator": indicator, "form": form, "measurement": measurement}
    return render(request, "indicators/enter.html", context)


def review_queue(request: HttpRequest) -> HttpResponse:
    require_perm(request, "indicators.view_review_queue")
    forms: dict[int, ReviewForm] = {}
    if request.method == "POST":
        measurement = get_visible_or_404(
            Measurement, request.user, pk=_int(request.POST.get("measurement"))
        )
        form = ReviewForm(request.POST, prefix=f"m{measurement.pk}")
        if form.is_valid():
            try:
                measurement_review(
                    actor=request.user,
                    measurement=measurement,
                    decision=form.cleaned_data["decision"],
                    remarks=form.cleaned_data["remarks"],
                )
            except Invalid as error:
                add_to_form(form, error)
            else:
                if form.cleaned_data["decision"] == "accepted":
                    messages.success(request, _("Значение принято."))
                else:
                    messages.success(request, _("Значение возвращено с замечаниями."))
                return redirect("indicators:review_queue")
        forms[measurement.pk] = form
    queue = selectors.review_queue(request.user)
    for m in queue["pending"]:
        m.form = forms.get(m.pk) or ReviewForm(prefix=f"m{m.pk}")
        m.show_file = _evidence_visible(request.user, m)
    return render(request, "indicators/review_queue.html", {"queue": queue})


def _int(value: Any) -> int:
    try:
        return max(1, min(int(value), 2**63 - 1))
    except (TypeError, ValueError):
        return 1


def stages(request: HttpRequest, document_pk: int) -> HttpResponse:
    from .manage_views import managed_document

    document = managed_document(request, document_pk)
    current = selectors.stage_periods([document])[document.pk]
    text = "\n".join(f"{s}–{e}" for s, e in current)
    form = StagesForm(request.POST or None, initial={"stages": text})
    if request.method == "POST" and form.is_valid():
        periods = form.periods()
        if periods is not None:
            try:
                stages_set(actor=request.user, document=document, periods=periods)
            except Invalid as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Этапы сохранены."))
                return redirect("indicators:dashboard")
    return render(request, "indicators/stages.html", {"document": document, "form": form})


def export(request: HttpRequest) -> HttpResponse:
    require_perm(request, "indicators.export")
    response = HttpResponse(workbook(request.user), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="indicators.xlsx"'
    return response


@require_POST
def refresh(request: HttpRequest) -> HttpResponse:
    require_perm(request, "indicators.refresh")
    refresh_start(actor=request.user)
    messages.success(request, _("Вычисление показателей запущено."))
    return redirect("indicators:review_queue")
