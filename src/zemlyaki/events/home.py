"""Events on the home page: the coming events a person registered for."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.registries import HomeItem

from .models import Registration, RegistrationStatus


def my_registrations(request: Any) -> dict[str, Any]:
    registrations = (
        Registration.objects.filter(user=request.user, event__starts_at__gte=timezone.now())
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("event")
        .order_by("event__starts_at")[:10]
    )
    items = []
    for registration in registrations:
        when = timezone.localtime(registration.event.starts_at).strftime("%d.%m.%Y, %H:%M")
        waiting = registration.status == RegistrationStatus.WAITLISTED
        items.append(
            {
                "title": registration.event.title,
                "url": registration.event.get_absolute_url(),
                "meta": f"{when} · {registration.get_status_display()}" if waiting else when,
            }
        )
    return {
        "key": "events:my-registrations",
        "title": _("Мои мероприятия"),
        "items": items,
        "empty": _("Вы не записаны ни на одно предстоящее мероприятие."),
        "more_url": reverse("events:event_list"),
        "more_label": _("Все мероприятия"),
    }


ITEMS = [
    HomeItem(
        "events:my-registrations",
        "core/partials/_home_list.html",
        my_registrations,
        roles=frozenset({"member", "leader"}),
        order=60,
    ),
]
