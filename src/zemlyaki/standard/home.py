"""The standard on the home page: a leader's self-assessments due (to start, to finish, to
answer the control body's remarks) and, for the control body, assessments waiting for review."""

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.registries import HomeItem
from zemlyaki.core.typography import count
from zemlyaki.registry.models import Association

from .models import Assessment, AssessmentStatus, Campaign, DeadlineExtension
from .selectors import review_queue

OPEN = (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)


def assessments_due(request: Any) -> dict[str, Any]:
    """For each association the user leads and each year still open (its deadline, or an
    extension, not yet past by more than a month): what the leader has to do."""
    today = timezone.localdate()
    campaigns = list(Campaign.objects.filter(year__gte=today.year - 1).order_by("year"))
    led = list(Association.objects.filter(leaders=request.user).order_by("name"))
    items: list[dict[str, Any]] = []
    if not campaigns or not led:
        return {"key": "standard:due", "title": _("Самооценка по стандарту"), "items": items}
    found = {
        (a.association_id, a.year): a
        for a in Assessment.objects.filter(
            association__in=led, year__in=[c.year for c in campaigns]
        )
    }
    extended = {
        (e.association_id, e.campaign_id): e.deadline
        for e in DeadlineExtension.objects.filter(campaign__in=campaigns, association__in=led)
    }
    for campaign in campaigns:
        for association in led:
            deadline = extended.get((association.pk, campaign.pk), campaign.deadline)
            assessment = found.get((association.pk, campaign.year))
            meta = _("срок — %(date)s") % {"date": deadline.strftime("%d.%m.%Y")}
            if assessment is None:
                if (today - deadline).days > 31:
                    continue
                title = _("%(association)s: начать самооценку за %(year)s год")
                url = reverse("standard:assessments")
            elif assessment.status in OPEN:
                if assessment.status == AssessmentStatus.RETURNED:
                    title = _("%(association)s: ответить на замечания к самооценке за %(year)s год")
                else:
                    title = _("%(association)s: закончить самооценку за %(year)s год")
                url = reverse("standard:assessment", args=[assessment.pk])
            else:
                continue
            items.append(
                {
                    "title": title % {"association": association.name, "year": campaign.year},
                    "url": url,
                    "meta": meta,
                    "late": deadline < today,
                }
            )
    return {"key": "standard:due", "title": _("Самооценка по стандарту"), "items": items}


def reviews_waiting(request: Any) -> dict[str, Any]:
    """Submitted assessments for a member of the control body (power ``standard.review``)."""
    items: list[dict[str, Any]] = []
    if request.user.has_perm("standard.view_review_queue"):
        waiting = (
            review_queue()
            .annotate(pending=Count("answers", filter=Q(answers__review_status="pending")))
            .values_list("pk", "association__name", "year", "pending")[:10]
        )
        items = [
            {
                "title": _("%(association)s, %(year)s год") % {"association": name, "year": year},
                "url": reverse("standard:assessment", args=[pk]),
                "meta": count(pending, _("критерий ждёт,критерия ждут,критериев ждут")),
            }
            for pk, name, year, pending in waiting
        ]
    return {
        "key": "standard:reviews",
        "title": _("Самооценки на проверке"),
        "items": items,
        "more_url": reverse("standard:review_queue") if items else "",
        "more_label": _("Вся очередь проверки"),
    }


ITEMS = [
    HomeItem(
        "standard:due",
        "core/partials/_home_list.html",
        assessments_due,
        roles=frozenset({"leader"}),
        order=38,
    ),
    HomeItem(
        "standard:reviews",
        "core/partials/_home_list.html",
        reviews_waiting,
        roles=frozenset({"member", "leader", "coordinator"}),
        order=25,
    ),
]
