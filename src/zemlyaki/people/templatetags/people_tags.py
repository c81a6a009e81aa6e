"""Highlighting the words a search matched."""

from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from zemlyaki.core.text import _WORD_RE as WORD_RE
from zemlyaki.core.text import fold, lemma

register = template.Library()


def highlight_terms(text: Any, prefixes: list[str]) -> SafeString:
    """Escape ``text`` and wrap in <mark> every word whose form or lemma starts with a prefix."""
    text = str(text or "")
    if not prefixes or not text:
        return mark_safe(escape(text))  # noqa: S308
    out: list[str] = []
    last = 0
    for match in WORD_RE.finditer(text):
        out.append(escape(text[last : match.start()]))
        word = match.group(0)
        parts = [fold(p) for p in word.split("-")]
        hit = any(f.startswith(p) or lemma(f).startswith(p) for f in parts for p in prefixes)
        out.append(f"<mark>{escape(word)}</mark>" if hit else escape(word))
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308


@register.filter
def highlight(text: Any, prefixes: list[str] | None) -> SafeString:
    return highlight_terms(text, prefixes or [])


@register.filter
def date_ru(value: Any) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


@register.filter
def date_shown(value: Any) -> str:
    """A date as people read it, 01.02.1980, whether a date or the ISO text a preview row
    keeps; anything else (a wrong value in an error row) as it was written."""
    import datetime

    if not value:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    try:
        return datetime.date.fromisoformat(str(value)[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return str(value)


@register.filter
def phone_shown(value: Any) -> str:
    """A Russian phone number as people read it, +7 (910) 123-45-67; anything else (a
    wrong value in an error row) as it was written."""
    import re

    text = str(value or "").strip()
    digits = re.sub(r"\D", "", text)
    if len(digits) == 11 and digits[0] in "78" and (text.startswith("+7") or digits[0] == "8"):
        digits = digits[1:]
    if len(digits) != 10 or len(re.sub(r"[\d\s()+-]", "", text)):
        return text
    return f"+7\u00a0({digits[:3]})\u00a0{digits[3:6]}-{digits[6:8]}-{digits[8:]}"


@register.inclusion_tag("people/partials/_consent_text.html")
def consent_notice() -> dict[str, Any]:
    """The current consent text of public forms, with its version (``consent_field``)."""
    from zemlyaki.people.consents import CURRENT_VERSION, consent_text

    return {"consent_text": consent_text(), "consent_version": CURRENT_VERSION}
