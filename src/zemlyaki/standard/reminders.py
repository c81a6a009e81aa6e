"""Reminders before the deadline to the leaders of associations that have not submitted."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.typography import typograph_message
from zemlyaki.registry.models import Association, AssociationStatus

from .models import Assessment, AssessmentStatus, Campaign, DeadlineExtension, Reminder

logger = logging.getLogger(__name__)


def standard_send_reminders(*, today: datetime.date | None = None, days: int = 7) -> int:
    """Mail the leaders of every active association that has not submitted the
    self-assessment of a year whose deadline (or its own extended one) comes within
    ``days`` days. One mail per association and deadline. Returns the number sent."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=days)
    sent = 0
    for campaign in Campaign.objects.filter(deadline__gte=today - datetime.timedelta(days=366)):
        extensions = dict(
            DeadlineExtension.objects.filter(campaign=campaign).values_list(
                "association_id", "deadline"
            )
        )
        submitted = set(
            Assessment.objects.filter(year=campaign.year)
            .exclude(status=AssessmentStatus.DRAFT)
            .values_list("association_id", flat=True)
        )
        associations = (
            Association.objects.filter(status=AssociationStatus.ACTIVE)
            .exclude(pk__in=submitted)
            .prefetch_related("leaders")
            .order_by("name")
        )
        for association in associations:
            deadline = extensions.get(association.pk, campaign.deadline)
            if not today <= deadline <= horizon:
                continue
            recipients = sorted(
                {u.email for u in association.leaders.all() if u.email and u.is_active}
            )
            if not recipients:
                continue
            try:
                with transaction.atomic():
                    _reminder, created = Reminder.objects.get_or_create(
                        campaign=campaign,
                        association=association,
                        deadline=deadline,
                        defaults={"recipients": recipients},
                    )
                    if not created:
                        continue
                    _message(campaign, association, deadline, recipients).send()
            except Exception:
                logger.exception("standard reminder for %s was not sent", association.pk)
                continue
            sent += 1
    return sent


def _message(
    campaign: Campaign, association: Association, deadline: datetime.date, recipients: list[str]
) -> EmailMessage:
    subject = _("Самооценка по стандарту за %(year)s год: срок — %(date)s") % {
        "year": campaign.year,
        "date": deadline.strftime("%d.%m.%Y"),
    }
    body = _(
        "Здравствуйте!\n\nСамооценка землячества «%(name)s» по стандарту работы за "
        "%(year)s год ещё не представлена. Срок — %(date)s.\n\nЗаполнить её можно на "
        "платформе «Земляки» в разделе «Стандарт работы» → «Самооценки»."
    ) % {"name": association.name, "year": campaign.year, "date": deadline.strftime("%d.%m.%Y")}
    subject, body = typograph_message(subject, body)
    return EmailMessage(subject, body, getattr(settings, "DEFAULT_FROM_EMAIL", None), recipients)
