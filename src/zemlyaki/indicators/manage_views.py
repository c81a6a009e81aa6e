"""The coordinator's pages: the goals of the strategy and creating or changing an indicator."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from zemlyaki.core.errors import Invalid, add_to_form
from zemlyaki.core.views_utils import require_perm
from zemlyaki.core.visibility import get_visible_or_404
from zemlyaki.strategy.models import Document

from .manage_forms import GoalsForm, IndicatorForm
from .models import Goal, Indicator
from .services import goals_replace, indicator_save


def managed_document(request: HttpRequest, document_pk: int) -> Document:
    """As the API: a hidden draft is not found (404) before the right is asked (403); a
    guest is sent to sign in first."""
    if not request.user.is_authenticated:
        require_perm(request, "indicators.manage")
    document = get_visible_or_404(Document, request.user, pk=document_pk)
    require_perm(request, "indicators.manage", document)
    return document


def goals(request: HttpRequest, document_pk: int) -> HttpResponse:
    document = managed_document(request, document_pk)
    current = "\n".join(g.title for g in Goal.objects.filter(document=document))
    form = GoalsForm(request.POST or None, initial={"goals": current})
    if request.method == "POST" and form.is_valid():
        try:
            goals_replace(
                actor=request.user,
                document=document,
                titles=form.cleaned_data["goals"].splitlines(),
            )
        except Invalid as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Цели сохранены."))
            return redirect("indicators:dashboard")
    return render(request, "indicators/goals.html", {"document": document, "form": form})


def _initial(indicator: Indicator) -> dict[str, Any]:
    names = [
        "code",
        "name",
        "unit",
        "goal",
        "program",
        "level",
        "owner_body",
        "source",
        "measure",
        "method",
        "higher_is_better",
        "allow_negative",
        "baseline_year",
        "baseline_value",
        "baseline_source",
        "public",
    ]
    data = {n: getattr(indicator, n) for n in names}
    data["directions"] = list(indicator.directions.all())
    data["targets"] = "\n".join(
        f"{t.year}: {t.value.normalize():f}" for t in indicator.targets.all()
    )
    return data


def indicator_form(request: HttpRequest, document_pk: int, pk: int | None = None) -> HttpResponse:
    document = managed_document(request, document_pk)
    indicator = get_object_or_404(Indicator, pk=pk, document=document) if pk else None
    initial = _initial(indicator) if indicator else {"higher_is_better": True}
    form = IndicatorForm(request.POST or None, document=document, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = form.fields_for_service()
        try:
            indicator = indicator_save(
                actor=request.user,
                document=document,
                indicator=indicator,
                targets=form.cleaned_data["targets"],
                **fields,
            )
        except Invalid as error:
            add_to_form(form, error)
            indicator = Indicator.objects.get(pk=pk) if pk else None
        else:
            messages.success(request, _("Показатель сохранён."))
            return redirect("indicators:indicator", pk=indicator.pk)
    context = {"document": document, "form": form, "indicator": indicator}
    return render(request, "indicators/indicator_form.html", context)
