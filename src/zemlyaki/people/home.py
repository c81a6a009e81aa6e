"""The people app's blocks on the home page: a member's associations, and a leader's
member lists that are due for an update."""

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.registries import HomeItem
from zemlyaki.registry.models import Association

from .models import ImportStatus, MemberImport, Membership

# A member list older than this is due for an update.
MEMBER_LIST_FRESH_DAYS = 365


def my_associations(request: Any) -> dict[str, Any]:
    user = request.user
    items: dict[int, dict[str, Any]] = {}
    for association in Association.objects.filter(leaders=user).order_by("name"):
        items[association.pk] = {
            "title": str(association),
            "url": association.get_absolute_url(),
            "meta": _("вы руководитель"),
        }
    memberships = (
        Membership.objects.filter(person__user=user)
        .select_related("association")
        .order_by("association__name")
    )
    for membership in memberships:
        items.setdefault(
            membership.association_id,
            {
                "title": str(membership.association),
                "url": membership.association.get_absolute_url(),
                "meta": membership.get_role_display(),
            },
        )
    return {
        "key": "people:my-associations",
        "title": _("Мои землячества"),
        "items": sorted(items.values(), key=lambda i: i["title"]),
        "empty": _("Вы пока не состоите ни в одном землячестве."),
        "more_url": reverse("registry:association_list"),
        "more_label": _("Все землячества"),
    }


def member_lists_due(request: Any) -> dict[str, Any]:
    """Each association the leader leads whose member list was not loaded in the last year."""
    today = timezone.localdate()
    fresh_since = today - datetime.timedelta(days=MEMBER_LIST_FRESH_DAYS)
    items = []
    for association in Association.objects.filter(leaders=request.user).order_by("name"):
        last = (
            MemberImport.objects.filter(association=association, status=ImportStatus.DONE)
            .exclude(committed_at=None)
            .order_by("-committed_at")
            .first()
        )
        if last is not None and last.committed_at and last.committed_at.date() >= fresh_since:
            continue
        meta = (
            _("последнее обновление %(date)s")
            % {"date": timezone.localtime(last.committed_at).strftime("%d.%m.%Y")}
            if last is not None and last.committed_at
            else _("список ещё не загружался")
        )
        items.append(
            {
                "title": _("Обновить список членов: %(association)s")
                % {"association": association},
                "url": reverse("people:import_start") + f"?association={association.slug}",
                "meta": meta,
            }
        )
    return {"key": "people:member-lists", "title": _("Список членов"), "items": items}


ITEMS = [
    HomeItem(
        "people:my-associations",
        "core/partials/_home_list.html",
        my_associations,
        roles=frozenset({"member", "leader"}),
        order=50,
    ),
    HomeItem(
        "people:member-lists",
        "core/partials/_home_list.html",
        member_lists_due,
        roles=frozenset({"leader"}),
        order=35,
    ),
]
