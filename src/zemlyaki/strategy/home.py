"""The strategy on the home page: the sections waiting for a working body's member —
reviews of their bodies still without their position, and sections they are responsible
for that wait for text or rework."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.registries import HomeItem
from zemlyaki.governance.models import BodyMember

from .models import ReviewRound, Section, SectionStatus


def _section_name(section: Section) -> str:
    number = f"{section.number} " if section.number else ""
    return _("Раздел %(number)s«%(title)s»") % {"number": number, "title": section.title}


def sections_waiting(request: Any) -> dict[str, Any]:
    user = request.user
    today = timezone.localdate()
    seats = (
        BodyMember.objects.filter(person__user=user)
        .exclude(since__gt=today)
        .exclude(until__lt=today)
    )
    items = []
    rounds = (
        ReviewRound.objects.filter(closed_at__isnull=True, body_id__in=seats.values("body_id"))
        .exclude(positions__person__user=user)
        .select_related("section", "body")
        .order_by("deadline", "pk")
    )
    for review in rounds[:10]:
        items.append(
            {
                "title": _section_name(review.section),
                "url": reverse("strategy:section_detail", args=[review.section_id]),
                "meta": _("ждёт вашей позиции (%(body)s) до %(date)s")
                % {"body": review.body, "date": review.deadline.strftime("%d.%m.%Y")},
                "late": review.deadline < today,
            }
        )
    owned = (
        Section.objects.filter(
            owner__user=user,
            retired_at__isnull=True,
            status__in=[SectionStatus.DRAFT, SectionStatus.REWORK],
        )
        .select_related("document")
        .order_by("deadline", "document_id", "order", "pk")
    )
    for section in owned[:10]:
        what = _("ждёт доработки") if section.status == SectionStatus.REWORK else _("ждёт текста")
        meta = (
            _("%(what)s, срок %(date)s")
            % {"what": what, "date": section.deadline.strftime("%d.%m.%Y")}
            if section.deadline
            else what
        )
        items.append(
            {
                "title": _section_name(section),
                "url": reverse("strategy:section_detail", args=[section.pk]),
                "meta": meta,
                "late": bool(section.deadline and section.deadline < today),
            }
        )
    return {"key": "strategy:waiting", "title": _("Разделы стратегии ждут вас"), "items": items}


SIGNED_IN = frozenset({"member", "leader", "coordinator", "administrator"})


ITEMS = [
    HomeItem(
        "strategy:waiting",
        "core/partials/_home_list.html",
        sections_waiting,
        roles=SIGNED_IN,
        order=20,
    ),
]
