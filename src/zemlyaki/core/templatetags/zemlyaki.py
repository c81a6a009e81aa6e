"""Template helpers: Russian plural forms, the typographer and query-string editing."""

from typing import Any

from django import template
from django.http import QueryDict
from django.utils.safestring import SafeString, mark_safe

from zemlyaki.core.typography import plural_form, typograph, typograph_html

register = template.Library()


def group_thousands(number: int) -> str:
    return f"{int(number):,}".replace(",", "\u00a0")


@register.filter
def num(value: Any) -> str:
    """A count with a (non-breaking) space between thousands: 12 345."""
    if value in (None, ""):
        return ""
    try:
        return group_thousands(int(value))
    except (TypeError, ValueError):
        return str(value)


@register.filter
def ru_plural(value: Any, forms: str) -> str:
    """``{{ n|ru_plural:_("землячество,землячества,землячеств") }}`` → «5 землячеств».

    The forms go through ``_()`` in the template so that they are translated (and found
    by makemessages); the rule for choosing among them follows the active language."""
    one, few, many = (f.strip() for f in forms.split(","))
    number = int(value or 0)
    return f"{group_thousands(number)} {plural_form(number, (one, few, many))}"


@register.filter(is_safe=True)
def typo(value: Any) -> str:
    """``{{ text|typo }}``: Russian typography (core.typography) for a generated phrase;
    safe HTML keeps its tags, plain text is escaped first."""
    if isinstance(value, SafeString):
        return mark_safe(typograph_html(str(value)))  # noqa: S308 - tags kept, text only
    from django.utils.html import escape

    return mark_safe(typograph_html(escape(str(value))))  # noqa: S308 - escaped above


__all__ = ["num", "plural_form", "query_replace", "ru_plural", "typo", "typograph"]


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **kwargs: Any) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.simple_tag(takes_context=True)
def object_panels(context: dict[str, Any], obj: Any) -> str:
    """The blocks other apps add to this object's page (``core.registries.object_panels``)."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from zemlyaki.core.registries import object_panels as panels

    request = context.get("request")
    if request is None or obj is None:
        return ""
    parts = []
    for panel in sorted(panels, key=lambda p: p.order):
        extra = panel.context(request, obj)
        if extra is not None:
            parts.append(render_to_string(panel.template, {**extra, "object": obj}, request))
    return mark_safe("".join(parts))  # noqa: S308 (rendered templates, escaped by Django)
