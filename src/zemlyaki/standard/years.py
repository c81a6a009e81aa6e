"""The coordinator's page of the self-assessment years: deadlines, extensions, publishing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from zemlyaki.core.views_utils import apply_validation_error, require_perm

from .forms import DeadlineForm, ExtensionForm
from .models import Campaign
from .services import campaign_set, deadline_extend, ranking_publish


def years(request: HttpRequest) -> HttpResponse:
    require_perm(request, "standard.set_deadline")
    action = request.POST.get("action") if request.method == "POST" else None
    deadline_form = DeadlineForm(request.POST if action == "deadline" else None, prefix="d")
    extension_form = ExtensionForm(request.POST if action == "extend" else None, prefix="e")
    try:
        if action == "deadline" and deadline_form.is_valid():
            campaign_set(actor=request.user, **deadline_form.cleaned_data)
            messages.success(request, _("Срок сохранён."))
            return redirect("standard:years")
        if action == "extend" and extension_form.is_valid():
            data = extension_form.cleaned_data
            campaign = Campaign.objects.filter(year=data["year"]).first()
            if campaign is None:
                raise ValidationError({"year": [_("Срок этого года ещё не назначен.")]})
            deadline_extend(
                actor=request.user,
                campaign=campaign,
                association=data["association"],
                deadline=data["deadline"],
            )
            messages.success(request, _("Срок продлён."))
            return redirect("standard:years")
        if action == "publish":
            require_perm(request, "standard.publish_ranking")
            campaign = get_object_or_404(Campaign, year=request.POST.get("year"))
            ranking_publish(
                actor=request.user,
                campaign=campaign,
                published=request.POST.get("published") == "1",
            )
            return redirect("standard:years")
    except ValidationError as error:
        apply_validation_error(extension_form if action == "extend" else deadline_form, error)
    campaigns = Campaign.objects.prefetch_related("extensions__association")
    return render(
        request,
        "standard/years.html",
        {
            "campaigns": campaigns,
            "deadline_form": deadline_form,
            "extension_form": extension_form,
        },
    )
