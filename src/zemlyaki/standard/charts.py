"""The ranking drawn as an SVG bar chart (the same numbers are in the table beside it)."""

from typing import Any

from django.utils.html import escape

from zemlyaki.core.charts import shorten


def ranking_svg(rows: list[Any], width: int = 640) -> str:
    bar, gap, label_w = 22, 6, 220
    height = max(len(rows), 1) * (bar + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" class="standard-chart" width="100%">'
    ]
    scale = (width - label_w - 60) / 100
    for i, row in enumerate(rows):
        y = gap + i * (bar + gap)
        full = escape(str(row.association.short_name or row.association.name))
        name = escape(shorten(str(row.association.short_name or row.association.name), 28))
        w = max(row.percent * scale, 1)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar * 0.7}" text-anchor="end" font-size="12">'
            f"<title>{full}</title>{row.rank}. {name}</text>"
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar}" fill="#2b6cb0">'
            f"<title>{full}: {row.percent}%</title></rect>"
            f'<text x="{label_w + w + 4:.1f}" y="{y + bar * 0.7}" font-size="12">'
            f"{row.percent}%</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
