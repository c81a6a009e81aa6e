"""Who reads the strategy documents: the one rule of ``Document.objects.visible_to`` and
``Section.objects.visible_to`` (``strategy.view_section`` and the working copy's
``strategy.view_document`` are ``takes_part``)."""

from typing import TYPE_CHECKING, Any

from zemlyaki.accounts.rules import is_administrator, is_coordinator
from zemlyaki.core.registries import user_fact
from zemlyaki.core.visibility import VisibleQuerySet, signed_in

if TYPE_CHECKING:
    from .models import Document, Section

APPROVED = "approved"  # DocumentStatus.APPROVED


def takes_part(user: Any) -> bool:
    """The people of the strategy work, who read the working copies: coordinators,
    administrators, members of a working body and owners of a section."""
    if is_coordinator(user) or is_administrator(user):
        return True
    if not signed_in(user):
        return False
    # Membership of a working body is answered by governance through the user facts
    # registry: the document's models stay below the apps whose data it shows.
    from .models import Section

    return user_fact("body_member", user) or Section.objects.filter(owner__user=user).exists()


class DocumentQuerySet(VisibleQuerySet["Document"]):
    """Those who take part in the work read every document; everyone else the approved
    ones (their version in force, on the public page)."""

    def visible_to(self, user: Any) -> "DocumentQuerySet":
        return self.all() if takes_part(user) else self.filter(status=APPROVED)

    def admits(self, user: Any, obj: "Document") -> bool:
        return obj.status == APPROVED or takes_part(user)


class SectionQuerySet(VisibleQuerySet["Section"]):
    """Sections (working text, comments, review) are read by those who take part."""

    def visible_to(self, user: Any) -> "SectionQuerySet":
        return self.all() if takes_part(user) else self.none()

    def admits(self, user: Any, obj: "Section") -> bool:
        return takes_part(user)
