"""Helpers shared by the platform's SVG charts: labels that wrap or shorten instead of
being clipped (the full text stays in a ``<title>``, shown on hover or tap), and the
chart's figures as a table for screen readers, placed beside the picture."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def shorten(text: str, limit: int) -> str:
    """The text cut to ``limit`` characters at a word boundary where one is near, with «…»."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:—-") + "…"


def wrap_label(text: str, width: int, lines: int = 2) -> list[str]:
    """The text broken into at most ``lines`` lines of ``width`` characters; the last line
    is shortened with «…» when the text does not fit."""
    words = " ".join(str(text).split()).split(" ")
    result: list[str] = []
    current = ""
    for index, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width or not current:
            current = candidate
            continue
        result.append(current)
        current = word
        if len(result) == lines - 1:
            current = " ".join(words[index:])
            break
    result.append(current)
    if len(result) == lines or len(result[-1]) > width:
        result[-1] = shorten(result[-1], width)
    return [shorten(line, width) for line in result]


def svg_text(
    x: float,
    y: float,
    text: str,
    *,
    width: int,
    lines: int = 2,
    size: int = 12,
    anchor: str = "start",
    fill: str = "#222222",
    line_height: float | None = None,
) -> str:
    """An SVG ``<text>`` of a label wrapped to ``lines`` lines (centred on ``y`` when it
    wraps), with the full text in its ``<title>``."""
    parts = wrap_label(text, width, lines)
    step = line_height or size * 1.15
    first = y - step * (len(parts) - 1) / 2
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{first + i * step:.1f}">{escape(part)}</tspan>'
        for i, part in enumerate(parts)
    )
    return (
        f'<text font-size="{size}" fill="{fill}" text-anchor="{anchor}">'
        f"<title>{escape(text)}</title>{spans}</text>"
    )


def figures_table(
    caption: str, headers: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> SafeString:
    """The figures a chart is drawn from, as a table read by screen readers and hidden
    from sight (the chart beside it shows the same numbers)."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            (f'<th scope="row">{escape(c)}</th>' if i == 0 else f"<td>{escape(c)}</td>")
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return mark_safe(  # noqa: S308 - every cell is escaped above
        f'<table class="visually-hidden chart-table"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )
