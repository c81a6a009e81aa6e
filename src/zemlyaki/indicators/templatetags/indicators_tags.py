from decimal import Decimal
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from ..charts import STATUS_COLORS, sparkline_svg

register = template.Library()


@register.filter
def value_text(value: Any) -> str:
    """A value as people write it: a space between thousands, a comma before the
    fraction, no «,00»."""
    if value is None or value == "":
        return "—"
    number = Decimal(str(value)).quantize(Decimal("0.01"))
    whole = number == number.to_integral_value()
    text = f"{number:,.0f}" if whole else f"{number:,.2f}".rstrip("0")
    return text.replace(",", " ").replace(".", ",")


@register.filter
def status_color(status: str) -> str:
    return STATUS_COLORS.get(status, "#5b6475")


@register.simple_tag
def sparkline(view: Any) -> SafeString:
    title = f"{view.indicator.code}: {view.current.status_label}"
    return mark_safe(sparkline_svg(view.chart, title))  # noqa: S308 — drawn by our own code
