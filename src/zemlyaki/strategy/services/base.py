"""What every write of the strategy documents shares: the refusals (a stale save, a
step the state does not allow) and the constants of the section states."""

from typing import Any

from django.utils.translation import gettext as _

from zemlyaki.core.actors import Actor
from zemlyaki.core.errors import Conflict

from ..models import (
    ConflictCopy,
    Revision,
    Section,
    SectionStatus,
)

DEFAULT_REVIEW_DAYS = 14
EDITABLE = {SectionStatus.DRAFT, SectionStatus.REWORK}
AMENDABLE = {SectionStatus.DRAFT, SectionStatus.REVIEW, SectionStatus.REWORK}


class StaleRevision(Conflict):
    """A save based on a revision that is no longer current. The refused text is kept
    in ``conflict`` and the current revision is in ``current``; the API answers 409 with
    both texts."""

    def __init__(self, *, current: Revision | None, conflict: ConflictCopy, yours: str) -> None:
        super().__init__(
            _(
                "Раздел уже изменён другим участником (действующая редакция %(number)s): "
                "ваш текст не сохранён поверх, сравните тексты и внесите правку заново."
            )
            % {"number": current.number if current else "—"}
        )
        self.current = current
        self.conflict = conflict
        self.yours = yours

    def extra(self) -> dict[str, Any]:
        return {
            "current_revision": self.current.pk if self.current else None,
            "current_text": self.current.text if self.current else "",
            "your_text": self.yours,
            "conflict_copy": self.conflict.pk,
        }


class WorkflowError(Conflict):
    """A transition or an action the section's state does not allow; the message says why
    (409 in the API)."""


def refuse_if_retired(section: Section) -> None:
    """A section taken out of the outline is kept for the record, not worked on."""
    if section.retired_at is not None:
        raise WorkflowError(_("Раздел выведен из структуры документа: работа с ним закончена."))


def refuse_unless_editable(section: Section) -> None:
    """The text is edited (saved, restored, drafted) only while the section is a draft or
    back for rework; the refusal says why. The pages and the API check who may edit
    (``strategy.draft_section``) and leave the state to this one check."""
    refuse_if_retired(section)
    if section.status not in EDITABLE:
        raise WorkflowError(
            _("Раздел в статусе «%(status)s»: править текст нельзя.")
            % {"status": section.get_status_display()}
        )


def refuse_unless_amendable(section: Section) -> None:
    """Amendments are proposed while the section is a draft, under review or in rework."""
    refuse_if_retired(section)
    if section.status not in AMENDABLE:
        raise WorkflowError(
            _("Раздел в статусе «%(status)s»: поправки не принимаются.")
            % {"status": section.get_status_display()}
        )


def _is_user(actor: Actor | None) -> bool:
    return bool(getattr(actor, "is_authenticated", False))
