from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

register = template.Library()


@register.filter
def qty(value: Any) -> str:
    """A quantity: thousands apart, a comma before kopecks, no «,00»: 1 500,5."""
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = f"{number:,.2f}".replace(",", "\u00a0")
    if text.endswith(".00"):
        text = text[:-3]
    return text.replace(".", ",")
