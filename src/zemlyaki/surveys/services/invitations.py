"""Personal invitations to a survey and reminders."""

import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.actors import Actor
from zemlyaki.core.security import token_hash
from zemlyaki.core.services import AuditAction, audit_record
from zemlyaki.core.typography import typograph_message

from ..models import (
    Invitation,
    InvitationKey,
    ResponseStatus,
    Survey,
    SurveyMode,
)

# ---------------------------------------------------------------- invitations


def invitation_by_token(token: str) -> Invitation | None:
    if not token:
        return None
    key = (
        InvitationKey.objects.select_related("invitation__survey", "invitation__person")
        .filter(key_hash=token_hash(token))
        .first()
    )
    return key.invitation if key else None


def _new_key(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(24)
    InvitationKey.objects.create(invitation=invitation, key_hash=token_hash(token))
    return token


def _send(letters: list[tuple[Invitation, str]], *, reminder: bool, base_url: str) -> None:
    from django.core.mail import get_connection, send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse

    if not letters:
        return
    connection = get_connection()
    for invitation, token in letters:
        link = base_url.rstrip("/") + reverse("surveys:answer_personal", kwargs={"token": token})
        survey = invitation.survey
        context = {
            "survey": survey,
            "person": invitation.person,
            "link": link,
            "reminder": reminder,
        }
        subject = (
            _("Напоминание: анкета «%(title)s»") if reminder else _("Анкета «%(title)s»")
        ) % {"title": survey.title}
        subject, body = typograph_message(
            subject, render_to_string("surveys/mail/invitation.txt", context)
        )
        send_mail(
            subject,
            body,
            None,
            [invitation.email],
            connection=connection,
        )


@transaction.atomic
def invitations_send(
    *,
    actor: Actor | None,
    survey: Survey,
    persons: Iterable[Any],
    association: Any = None,
    base_url: str,
) -> dict[str, int]:
    """Invite persons to a personal questionnaire: each gets a letter with their own link.

    Persons already invited and persons without an e-mail address are skipped."""
    if survey.mode != SurveyMode.PERSONAL:
        raise ValidationError(_("Приглашения рассылаются только для персональных анкет."))
    if not survey.is_open():
        raise ValidationError(_("Анкета не открыта: сначала опубликуйте её и проверьте даты."))
    invited = set(survey.invitations.values_list("person_id", flat=True))
    letters: list[tuple[Invitation, str]] = []
    stats = {"sent": 0, "already": 0, "no_email": 0}
    now = timezone.now()
    for person in persons:
        if person.pk in invited:
            stats["already"] += 1
            continue
        if not person.email:
            stats["no_email"] += 1
            continue
        person_association = association
        if person_association is None:
            membership = next(iter(person.memberships.all()), None)
            person_association = membership.association if membership else None
        invitation = Invitation.objects.create(
            survey=survey,
            person=person,
            association=person_association,
            email=person.email,
            sent_at=now,
        )
        invited.add(person.pk)
        letters.append((invitation, _new_key(invitation)))
        stats["sent"] += 1
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=survey,
        after={"invitations_sent": stats["sent"]},
        comment="invitations",
    )
    transaction.on_commit(lambda: _send(letters, reminder=False, base_url=base_url))
    return stats


@transaction.atomic
def invitations_remind(*, actor: Actor | None, survey: Survey, base_url: str) -> int:
    """Remind those invited who have not sent their answer; each gets a fresh link (the
    earlier one keeps working)."""
    if not survey.is_open():
        raise ValidationError(_("Анкета закрыта: напоминания не рассылаются."))
    pending = (
        survey.invitations.select_related("person", "survey")
        .exclude(response__status=ResponseStatus.SUBMITTED)
        .order_by("pk")
    )
    letters = []
    now = timezone.now()
    for invitation in pending:
        letters.append((invitation, _new_key(invitation)))
        invitation.reminded_at = now
        invitation.reminders += 1
        invitation.save(update_fields=["reminded_at", "reminders"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=survey,
        after={"reminders_sent": len(letters)},
        comment="reminders",
    )
    transaction.on_commit(lambda: _send(letters, reminder=True, base_url=base_url))
    return len(letters)
