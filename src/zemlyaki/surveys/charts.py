"""Charts drawn on the server as SVG: horizontal bars for choices, columns for scales
and numbers. No script, no external host: the same markup goes into the page and the PDF."""

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .selectors import Bar

ACCENT = "#1f5f8b"
SOFT = "#e8eef4"
TEXT = "#222222"


def _percent(share: float) -> str:
    return f"{round(share * 100):d}\u00a0%"


def _clip(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(bars: Sequence[Bar], *, title: str = "") -> SafeString:
    """Horizontal bars: one row per option with its count and share."""
    row_h, label_w, bar_w, width = 26, 290, 280, 660
    height = max(1, len(bars)) * row_h + 8
    top = max((b.count for b in bars), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-bars" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-label="{escape(title or _("Диаграмма"))}">'
    ]
    for index, bar in enumerate(bars):
        y = 4 + index * row_h
        length = round(bar_w * bar.count / top)
        parts.append(
            f'<g class="bar"><title>{escape(bar.label)}: {bar.count}</title>'
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" font-size="13" '
            f'fill="{TEXT}">{escape(_clip(bar.label, 32))}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="{row_h - 8}" fill="{SOFT}"/>'
            f'<rect x="{label_w}" y="{y + 4}" width="{length}" height="{row_h - 8}" '
            f'fill="{ACCENT}"/>'
            f'<text x="{label_w + bar_w + 8}" y="{y + 17}" font-size="13" fill="{TEXT}">'
            f"{bar.count} · {_percent(bar.share)}</text></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label is escaped above


def histogram(bars: Sequence[Bar], *, title: str = "") -> SafeString:
    """Vertical columns: one per scale value or number range."""
    width, height, base, left = 660, 220, 180, 30
    n = max(1, len(bars))
    slot = (width - left - 10) / n
    top = max((b.count for b in bars), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-histogram" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-label="{escape(title or _("Гистограмма"))}">',
        f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#888"/>',
    ]
    for index, bar in enumerate(bars):
        x = left + index * slot
        h = round((base - 20) * bar.count / top)
        parts.append(
            f'<g class="column"><title>{escape(bar.label)}: {bar.count}</title>'
            f'<rect x="{x + slot * 0.15:.1f}" y="{base - h}" width="{slot * 0.7:.1f}" '
            f'height="{h}" fill="{ACCENT}"/>'
            f'<text x="{x + slot / 2:.1f}" y="{base - h - 4}" text-anchor="middle" '
            f'font-size="12" fill="{TEXT}">{bar.count}</text>'
            f'<text x="{x + slot / 2:.1f}" y="{base + 16}" text-anchor="middle" font-size="11" '
            f'fill="{TEXT}">{escape(_clip(bar.label, 14))}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label is escaped above
