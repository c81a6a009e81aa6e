"""The library of good practices."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zemlyaki.accounts.rules import is_coordinator
from zemlyaki.core.errors import Conflict, Forbidden
from zemlyaki.core.models import AuditAction
from zemlyaki.core.services import audit_record, model_snapshot
from zemlyaki.core.text import search_document

from ..models import Practice


def _index(practice: Practice) -> None:
    association = practice.association
    practice.search_text = search_document(
        practice.title,
        practice.description,
        str(practice.direction or ""),
        str(association or ""),
        " ".join(r.name for r in association.regions.all()) if association else "",
    )


@transaction.atomic
def practice_create(
    *,
    actor: Any,
    title: str,
    description: str,
    association: Any = None,
    year: int | None = None,
    direction: Any = None,
    is_published: bool = True,
    is_demo: bool = False,
) -> Practice:
    """A practice written by hand (coordinator only)."""
    if actor is not None and not is_coordinator(actor):
        raise Forbidden()
    practice = Practice(
        title=title, description=description, association=association, year=year,
        direction=direction, is_published=is_published, is_demo=is_demo,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip
    _index(practice)
    practice.full_clean()
    practice.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=practice, after=model_snapshot(practice)
    )
    return practice


@transaction.atomic
def practice_accept(
    *, actor: Any, finding: Any, title: str = "", description: str = "", is_demo: bool = False
) -> Practice:
    """An achievement found in an annual report, accepted by the coordinator as a practice:
    the association, year and direction come from the report and the finding."""
    if actor is not None and not is_coordinator(actor):
        raise Forbidden()
    if Practice.objects.filter(finding=finding).exists():
        raise Conflict(_("Эта находка уже принята как практика."))
    report = finding.report
    quote = " ".join(finding.quote.split())
    practice = Practice(
        title=(title or quote)[:300],
        description=description or quote,
        association=report.association,
        year=report.year_from,
        direction=finding.direction,
        finding=finding,
        is_demo=is_demo,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _index(practice)
    practice.full_clean()
    practice.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=practice, after=model_snapshot(practice),
        comment="accepted from report finding",
    )  # fmt: skip
    return practice
