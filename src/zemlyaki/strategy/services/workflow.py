"""The section workflow: transitions, review rounds, positions of the reviewing body."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.accounts.actors import acting_user
from zemlyaki.core.actors import Actor
from zemlyaki.core.services import AuditAction, audit_record
from zemlyaki.governance.services import quorum_check

from ..models import (
    AmendmentStatus,
    Position,
    ReviewRound,
    Section,
    SectionStatus,
    Stance,
    Transition,
)
from .base import (
    DEFAULT_REVIEW_DAYS,
    WorkflowError,
    _is_user,
    refuse_if_retired,
)

# target → the states it may start from
TRANSITIONS: dict[str, set[str]] = {
    SectionStatus.REVIEW: {SectionStatus.DRAFT, SectionStatus.REWORK},
    SectionStatus.REWORK: {SectionStatus.REVIEW, SectionStatus.AGREED},
    SectionStatus.AGREED: {SectionStatus.REVIEW},
    SectionStatus.DRAFT: set(),
    SectionStatus.APPROVED: set(),
}


def open_round(section: Section) -> ReviewRound | None:
    return (
        ReviewRound.objects.filter(section=section, closed_at__isnull=True)
        .select_related("body")
        .first()
    )


def round_tally(review: ReviewRound) -> dict[str, Any]:
    """Positions of a review, and whether the body's rule (a majority of the positions
    recorded, with the body's quorum of members taking part) is met."""
    counts = dict.fromkeys(Stance.values, 0)
    for stance in review.positions.values_list("stance", flat=True):
        counts[stance] += 1
    present = sum(counts.values())
    quorum_ok, quorum_reason = quorum_check(body=review.body, present=present)
    support = counts[Stance.AGREE] + counts[Stance.AGREE_WITH_REMARKS]
    majority = present > 0 and support * 2 > present
    if not quorum_ok:
        reason = quorum_reason
    elif not majority:
        reason = _("Нет большинства: согласны %(support)s из %(present)s высказавшихся.") % {
            "support": support,
            "present": present,
        }
    else:
        reason = _("Большинство есть: согласны %(support)s из %(present)s высказавшихся. ") % {
            "support": support,
            "present": present,
        } + str(quorum_reason)
    return {
        "counts": counts,
        "present": present,
        "support": support,
        "quorum": quorum_ok,
        "majority": majority,
        "ok": quorum_ok and majority,
        "reason": reason,
    }


def _refuse_transition(section: Section, to: str) -> None:
    sources = TRANSITIONS.get(to)
    if to == SectionStatus.APPROVED:
        raise WorkflowError(
            _(
                "Раздел утверждается вместе со всем документом решением мероприятия "
                "(общего собрания или круглого стола)."
            )
        )
    if sources is None or section.status not in sources:
        raise WorkflowError(
            _("Из статуса «%(from)s» нельзя перевести раздел в статус «%(to)s».")
            % {
                "from": section.get_status_display(),
                "to": SectionStatus(to).label if to in SectionStatus.values else to,
            }
        )


@transaction.atomic
def section_transition(
    *,
    actor: Actor | None,
    section: Section,
    to: str,
    comment: str = "",
    deadline: datetime.date | None = None,
    body: Any = None,
) -> Section:
    """Move a section along черновик → на рассмотрении → на доработке / согласован.

    Submitting opens a review by the document's reviewing body (the expert council) with a
    deadline; agreeing needs the body's rule met by the recorded positions.
    """
    section = (
        Section.objects.select_for_update(of=("self",))
        .select_related("document", "document__reviewing_body", "current_revision")
        .get(pk=section.pk)
    )
    refuse_if_retired(section)
    if to not in SectionStatus.values:
        raise WorkflowError(_("Неизвестный статус «%(to)s».") % {"to": to})
    _refuse_transition(section, to)
    review = open_round(section)
    if to == SectionStatus.REVIEW:
        reviewer = body or section.document.reviewing_body
        if reviewer is None:
            raise WorkflowError(
                _("У документа не назначен орган, рассматривающий разделы (экспертный совет).")
            )
        if not section.text.strip():
            raise WorkflowError(_("Раздел пуст: направлять на рассмотрение нечего."))
        if section.amendments.filter(status=AmendmentStatus.PENDING).exists() and (
            section.status == SectionStatus.REWORK
        ):
            raise WorkflowError(_("Сначала рассмотрите все поправки к разделу."))
        today = timezone.localdate()
        deadline = deadline or today + datetime.timedelta(days=DEFAULT_REVIEW_DAYS)
        if deadline < today:
            raise ValidationError({"deadline": [_("Срок рассмотрения не может быть в прошлом.")]})
        ReviewRound.objects.create(
            section=section, body=reviewer, revision=section.current_revision, deadline=deadline
        )
    elif to == SectionStatus.AGREED:
        if review is None:
            raise WorkflowError(_("Рассмотрение раздела не открыто."))
        tally = round_tally(review)
        if not tally["ok"]:
            raise WorkflowError(
                _("Раздел нельзя считать согласованным: %(reason)s") % {"reason": tally["reason"]}
            )
        if section.amendments.filter(status=AmendmentStatus.PENDING).exists():
            raise WorkflowError(_("Сначала рассмотрите все поправки к разделу."))
    if review is not None and to in (SectionStatus.AGREED, SectionStatus.REWORK):
        review.closed_at = timezone.now()
        review.outcome = to
        review.save(update_fields=["closed_at", "outcome"])
    previous = section.status
    section.status = to
    section.save(update_fields=["status", "updated_at"])
    Transition.objects.create(
        section=section,
        from_status=previous,
        to_status=to,
        actor=acting_user(actor),
        comment=comment,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=section,
        before={"status": previous},
        after={"status": to},
        comment=comment[:255],
    )
    return section


def person_of(user: Any) -> Any:
    if not _is_user(user):
        return None
    from zemlyaki.people.models import Person

    return Person.objects.filter(user=user).first()


def is_current_member(person: Any, body: Any) -> bool:
    if person is None or body is None:
        return False
    from zemlyaki.governance.models import BodyMember

    today = timezone.localdate()
    return (
        BodyMember.objects.filter(body=body, person=person)
        .exclude(since__gt=today)
        .exclude(until__lt=today)
        .exists()
    )


@transaction.atomic
def position_record(
    *, actor: Actor | None, section: Section, stance: str, text: str = "", person: Any = None
) -> Position:
    """A member of the reviewing body records (or changes) their position in the open review."""
    section = Section.objects.select_for_update().get(pk=section.pk)
    refuse_if_retired(section)
    if section.status != SectionStatus.REVIEW:
        raise WorkflowError(_("Позиции записываются, пока раздел на рассмотрении."))
    review = open_round(section)
    if review is None:  # pragma: no cover - a section under review always has one
        raise WorkflowError(_("Рассмотрение раздела не открыто."))
    if stance not in Stance.values:
        raise ValidationError({"stance": [_("Выберите позицию.")]})
    if stance != Stance.AGREE and not text.strip():
        raise ValidationError({"text": [_("Поясните позицию: замечания или причины несогласия.")]})
    person = person or person_of(actor)
    if not is_current_member(person, review.body):
        raise WorkflowError(
            _("Позицию записывают члены органа «%(body)s».") % {"body": review.body.name}
        )
    try:
        with transaction.atomic():
            position, created = Position.objects.update_or_create(
                round=review,
                person=person,
                defaults={"stance": stance, "text": text.strip(), "recorded_by": actor},
            )
    except IntegrityError:  # pragma: no cover - a parallel first save of the same person
        position = Position.objects.get(round=review, person=person)
        created = False
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        instance=position,
        after={"section": str(section), "stance": stance, "text": position.text},
    )
    return position
