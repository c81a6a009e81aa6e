"""The gap chart: needed against pledged and confirmed per kind and unit, as inline SVG
(bars of one row share one scale; rows of different units are never compared)."""

from decimal import Decimal
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from zemlyaki.core.charts import svg_text

BAR = 14
ROW = 3 * BAR + 22
LABEL = 230
WIDTH = 640
SERIES = (
    ("needed", "#8c8c8c"),
    ("pledged", "#4f7fbf"),
    ("confirmed", "#2e8b57"),
)


def _num(value: Decimal) -> str:
    text = f"{value:,.2f}".replace(",", " ").replace(".00", "")
    return text.replace(".", ",")


def gap_chart(rows: list[dict[str, Any]]) -> SafeString:
    if not rows:
        return mark_safe("")
    names = {
        "needed": _("нужно"),
        "pledged": _("обещано"),
        "confirmed": _("подтверждено"),
    }
    height = ROW * len(rows) + 30
    parts = [
        f'<svg class="gap-chart" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-label="{escape(_("Потребности и обязательства по видам ресурсов"))}">'
    ]
    for i, (key, colour) in enumerate(SERIES):
        x = LABEL + i * 130
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="14" font-size="12">{escape(names[key])}</text>')
    for n, row in enumerate(rows):
        top = 30 + n * ROW
        scale = max(row["needed"] or 0, row["pledged"], row["confirmed"]) or Decimal(1)
        label = f"{row['kind_name']}, {row['unit_name']}"
        parts.append(svg_text(0, top + BAR, label, width=30, lines=2, size=12))
        for i, (key, colour) in enumerate(SERIES):
            value = row[key] if row[key] is not None else Decimal("0.00")
            width = int((WIDTH - LABEL - 90) * value / scale)
            y = top + i * BAR
            parts.append(
                f'<rect class="bar-{key}" data-kind="{row["kind"]}" data-unit="{row["unit"]}" '
                f'data-value="{value}" x="{LABEL}" y="{y}" width="{width}" height="{BAR - 2}" '
                f'fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{LABEL + width + 4}" y="{y + BAR - 3}" font-size="11">{_num(value)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
