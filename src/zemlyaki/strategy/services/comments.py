"""Comments on a section (with replies and mentions, mailed to the people named)."""

import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.accounts.actors import acting_user
from zemlyaki.core.actors import Actor
from zemlyaki.core.services import AuditAction, audit_record
from zemlyaki.core.typography import typograph_message
from zemlyaki.core.urls_public import absolute_url

from .. import markup
from ..models import (
    Comment,
    Section,
    SectionStatus,
)
from .base import (
    WorkflowError,
    refuse_if_retired,
)

# the package's logger, as before the split
log = logging.getLogger("zemlyaki.strategy.services")


def _site_url(path: str) -> str:
    return absolute_url(path)


def _person_email(person: Any) -> str:
    if person.email:
        return str(person.email)
    user = getattr(person, "user", None)
    return str(user.email) if user is not None and user.email else ""


def _notify_mentions(comment_id: int) -> None:
    from django.core.mail import send_mail

    comment = Comment.objects.select_related("section", "author").get(pk=comment_id)
    path = reverse("strategy:section_detail", kwargs={"pk": comment.section_id})
    anchor = f"#comment-{comment.pk}"
    for person in comment.mentions.select_related("user"):
        address = _person_email(person)
        if not address:
            continue
        subject = _("Вас упомянули в замечании к разделу «%(section)s»") % {
            "section": comment.section.title
        }
        body = _(
            "%(author)s упоминает вас в замечании к разделу «%(section)s»:\n\n%(text)s\n\n"
            "Открыть раздел: %(link)s\n"
        ) % {
            "author": comment.author or _("Участник"),
            "section": comment.section,
            "text": comment.text,
            "link": _site_url(path + anchor),
        }
        try:
            send_mail(*typograph_message(subject, body), None, [address])
        except OSError:  # a mail server being down must not break the review
            log.exception("mention mail to %s failed", address)


@transaction.atomic
def comment_create(
    *,
    actor: Actor | None,
    section: Section,
    text: str,
    paragraph: int | None = None,
    parent: Comment | None = None,
    mentions: Iterable[Any] = (),
) -> Comment:
    section = Section.objects.select_related("current_revision").get(pk=section.pk)
    refuse_if_retired(section)
    if section.status == SectionStatus.APPROVED:
        raise WorkflowError(_("Раздел утверждён: замечания больше не принимаются."))
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = [_("Напишите замечание.")]
    quote = ""
    if parent is not None:
        if parent.section_id != section.pk:
            errors["parent"] = [_("Ответ должен относиться к тому же разделу.")]
        paragraph = parent.paragraph
        quote = parent.quote
        if parent.parent_id:  # replies stay one level deep
            parent = parent.parent
    elif paragraph is not None:
        found = markup.paragraph_text(section.text, paragraph)
        if found is None:
            errors["paragraph"] = [_("В разделе нет абзаца с таким номером.")]
        else:
            quote = found
    if errors:
        raise ValidationError(errors)
    comment = Comment(
        section=section,
        revision=section.current_revision,
        paragraph=paragraph,
        quote=quote,
        parent=parent,
        author=acting_user(actor),
        text=text.strip(),
    )
    comment.full_clean(exclude=["revision", "author", "parent"])
    comment.save()
    people = list(mentions)
    if people:
        comment.mentions.set(people)
        transaction.on_commit(lambda: _notify_mentions(comment.pk))
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=comment,
        after={"section": str(section), "paragraph": paragraph, "text": comment.text,
               "mentions": sorted(str(p) for p in people)},
    )  # fmt: skip
    return comment


@transaction.atomic
def comment_resolve(*, actor: Actor | None, comment: Comment) -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.parent_id:
        raise WorkflowError(_("Снимается замечание целиком, а не ответ на него."))
    if comment.resolved_at:
        raise WorkflowError(_("Замечание уже снято."))
    comment.resolved_at = timezone.now()
    comment.resolved_by = acting_user(actor)
    comment.save(update_fields=["resolved_at", "resolved_by"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=comment,
        before={"resolved": False},
        after={"resolved": True},
    )
    return comment
