"""Helpers for the holders of personal data (``core.registries.personal_data``): the log
of changes of a record an app keeps or anonymises must not keep naming the person.

A snapshot in the log holds related objects by their text (a body member's ``person``
is «Землякова Ольга Петровна»): ``audit_forget`` replaces every text that names the person
— their name, address or login — by «удалённый участник» in the entries of the records
given, and leaves everything else of the entry as it was."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import AuditEntry


def identifying_texts(person: Any, user: Any) -> list[str]:
    """The texts that name the person in the records of other apps, longest first."""
    texts = {
        str(person),
        getattr(person, "full_name", ""),
        getattr(person, "email", ""),
    }
    if user is not None:
        texts |= {str(user), user.get_username(), getattr(user, "email", "")}
    return sorted((t for t in texts if t and len(t) > 2), key=len, reverse=True)


def _scrub(value: Any, texts: list[str], replacement: str) -> Any:
    if isinstance(value, str):
        for text in texts:
            if text.casefold() in value.casefold():
                value = _replace(value, text, replacement)
        return value
    if isinstance(value, list):
        return [_scrub(v, texts, replacement) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, texts, replacement) for k, v in value.items()}
    return value


def _replace(value: str, text: str, replacement: str) -> str:
    folded, needle = value.casefold(), text.casefold()
    if len(folded) != len(value):  # casefold changed the length: replace the exact text
        return value.replace(text, replacement)
    out, start = [], 0
    while (found := folded.find(needle, start)) >= 0:
        out += [value[start:found], replacement]
        start = found + len(needle)
    return "".join([*out, value[start:]])


def audit_forget(records: QuerySet[Any], *, person: Any, user: Any) -> int:
    """Remove the person's name, address and login from the log of the ``records``; the
    log is found by the records' model label, as ``audit_record`` writes it. Returns the
    entries changed."""
    texts = identifying_texts(person, user)
    label = records.model._meta.label_lower
    keys = [str(pk) for pk in records.values_list("pk", flat=True)]
    if not texts or not keys:
        return 0
    replacement = _("удалённый участник")
    changed = 0
    for entry in AuditEntry.objects.filter(object_type=label, object_id__in=keys):
        before = _scrub(entry.before, texts, replacement)
        after = _scrub(entry.after, texts, replacement)
        shown = _scrub(entry.object_repr, texts, replacement)
        if (before, after, shown) != (entry.before, entry.after, entry.object_repr):
            AuditEntry.objects.filter(pk=entry.pk).update(
                before=before, after=after, object_repr=shown
            )
            changed += 1
    return changed
