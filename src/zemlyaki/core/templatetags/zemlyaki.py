"""Template helpers: Russian plural forms and query-string editing."""

from typing import Any

from django import template
from django.http import QueryDict
from django.utils.translation import get_language

register = template.Library()


def plural_form(n: int, forms: tuple[str, str, str]) -> str:
    """Pick the plural form for the active language from (one, few, many).

    Russian: 1 землячество, 2 землячества, 5 землячеств. English (forms translated as
    "association,associations,associations"): one for 1, many otherwise.
    """
    n = abs(int(n))
    if not (get_language() or "ru").startswith("ru"):
        return forms[0] if n == 1 else forms[2]
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]


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
