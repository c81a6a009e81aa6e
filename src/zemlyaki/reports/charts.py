"""Charts of the analysis, drawn on the server: SVG for pages, PNG for the DOCX note.

One drawing routine per chart works on a small canvas interface with two backends, so
the page and the document show the same picture.
"""

import io
from pathlib import Path
from typing import Any, Protocol
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

from zemlyaki.core.charts import figures_table, wrap_label

from .models import DECADE_LABELS, DECADES

COLORS = ["#9bb7e0", "#5b8fd4", "#1c4e9c", "#0b2a5c"]
OK, BAD, INK, MUTED, GRID = "#1d7a3a", "#b3261e", "#1d2330", "#5b6475", "#d9dee8"
FONT_FILES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
]


class Canvas(Protocol):
    def rect(self, x: float, y: float, w: float, h: float, fill: str) -> None: ...
    def line(self, points: list[tuple[float, float]], color: str, width: float = 1) -> None: ...
    def text(
        self,
        x: float,
        y: float,
        s: str,
        size: int = 12,
        color: str = INK,
        anchor: str = "start",
        full: str = "",
    ) -> None: ...


class SvgCanvas:
    def __init__(self, width: int, height: int, title: str) -> None:
        self.width, self.height, self.title = width, height, title
        self.parts: list[str] = []

    def rect(self, x: float, y: float, w: float, h: float, fill: str) -> None:
        self.parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{h:.1f}" fill="{fill}"/>'
        )

    def line(self, points: list[tuple[float, float]], color: str, width: float = 1) -> None:
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        self.parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="{width}"/>'
        )

    def text(
        self,
        x: float,
        y: float,
        s: str,
        size: int = 12,
        color: str = INK,
        anchor: str = "start",
        full: str = "",
    ) -> None:
        """A line of text; ``full`` is the whole label a shortened line stands for (shown
        on hover or tap)."""
        hint = f"<title>{escape(full)}</title>" if full else ""
        self.parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{color}" '
            f'text-anchor="{anchor}">{hint}{escape(s)}</text>'
        )

    def render(self) -> str:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}" '
            f'width="100%" role="img" aria-label={quoteattr(self.title)} '
            f'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">'
            f"<title>{escape(self.title)}</title>" + "".join(self.parts) + "</svg>"
        )


class PngCanvas:
    SCALE = 2

    def __init__(self, width: int, height: int, title: str) -> None:
        from PIL import Image, ImageDraw

        self.image = Image.new("RGB", (width * self.SCALE, height * self.SCALE), "white")
        self.draw = ImageDraw.Draw(self.image)
        self.fonts: dict[int, Any] = {}

    def _font(self, size: int) -> Any:
        from PIL import ImageFont

        if size not in self.fonts:
            font = None
            for path in FONT_FILES:
                if Path(path).exists():
                    font = ImageFont.truetype(path, size * self.SCALE)
                    break
            self.fonts[size] = font or ImageFont.load_default(size * self.SCALE)
        return self.fonts[size]

    def rect(self, x: float, y: float, w: float, h: float, fill: str) -> None:
        s = self.SCALE
        if w > 0 and h > 0:
            self.draw.rectangle([x * s, y * s, (x + w) * s, (y + h) * s], fill=fill)

    def line(self, points: list[tuple[float, float]], color: str, width: float = 1) -> None:
        s = self.SCALE
        if len(points) > 1:
            self.draw.line([(x * s, y * s) for x, y in points], fill=color, width=int(width * s))

    def text(
        self,
        x: float,
        y: float,
        s: str,
        size: int = 12,
        color: str = INK,
        anchor: str = "start",
        full: str = "",
    ) -> None:
        k = self.SCALE
        anchor_code = {"start": "ls", "middle": "ms", "end": "rs"}[anchor]
        self.draw.text((x * k, y * k), s, fill=color, font=self._font(size), anchor=anchor_code)

    def render(self) -> bytes:
        out = io.BytesIO()
        self.image.save(out, format="PNG")
        return out.getvalue()


def _short(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def draw_trends(canvas: Canvas, rows: list[dict[str, Any]], title: str) -> None:
    """Horizontal grouped bars: one group per direction, one bar per decade."""
    label_w, bar_area, top, group_h, bar_h = 300, 420, 52, 44, 9
    canvas.text(10, 20, title, 15)
    for i, decade in enumerate(DECADES):
        canvas.rect(label_w + i * 105, 32, 12, 12, COLORS[i])
        canvas.text(label_w + i * 105 + 16, 42, str(DECADE_LABELS[decade]), 12, MUTED)
    peak = max([row["counts"][d] for row in rows for d in DECADES] + [1])
    for r, row in enumerate(rows):
        y = top + r * group_h
        lines = wrap_label(row["name"], 38, 2)
        first = y + 22 - 7 * (len(lines) - 1)
        for n, line in enumerate(lines):
            canvas.text(label_w - 8, first + 14 * n, line, 12, INK, "end", full=row["name"])
        for i, decade in enumerate(DECADES):
            value = row["counts"][decade]
            width = bar_area * value / peak
            canvas.rect(label_w, y + 3 + i * bar_h, width, bar_h - 1, COLORS[i])
            if value:
                canvas.text(label_w + width + 4, y + 3 + i * bar_h + 8, str(value), 9, MUTED)
        canvas.line([(label_w, y + group_h - 2), (label_w + bar_area, y + group_h - 2)], GRID)


def trends_size(rows: list[dict[str, Any]]) -> tuple[int, int]:
    return 780, 60 + 44 * max(len(rows), 1)


def draw_outcomes(canvas: Canvas, outcomes: dict[str, dict[str, int]], title: str) -> None:
    """Achievements and failures per decade, side by side."""
    canvas.text(10, 20, title, 15)
    canvas.rect(10, 32, 12, 12, OK)
    canvas.text(26, 42, _("достижения"), 12, MUTED)
    canvas.rect(130, 32, 12, 12, BAD)
    canvas.text(146, 42, _("неудачи и проблемы"), 12, MUTED)
    base, height = 230, 160
    peak = max([outcomes[k][d] for k in ("achievement", "failure") for d in DECADES] + [1])
    for i, decade in enumerate(DECADES):
        x = 40 + i * 170
        for j, (key, color) in enumerate((("achievement", OK), ("failure", BAD))):
            value = outcomes[key][decade]
            h = height * value / peak
            canvas.rect(x + j * 44, base - h, 40, h, color)
            canvas.text(x + j * 44 + 20, base - h - 4, str(value), 11, MUTED, "middle")
        canvas.text(x + 42, base + 18, str(DECADE_LABELS[decade]), 12, INK, "middle")
    canvas.line([(30, base), (720, base)], GRID)


def draw_members(canvas: Canvas, series: dict[str, list[tuple[int, int]]], title: str) -> None:
    """Members over time: one line per association."""
    canvas.text(10, 20, title, 15)
    left, right, top, bottom = 60, 560, 40, 240
    points = [p for values in series.values() for p in values]
    if not points:
        canvas.text(left, top + 40, _("нет данных о численности"), 12, MUTED)
        return
    years = [p[0] for p in points]
    y0, y1 = min(years + [1990]), max(years + [2025])
    peak = max(p[1] for p in points) or 1

    def at(year: int, value: int) -> tuple[float, float]:
        x = left + (right - left) * (year - y0) / max(y1 - y0, 1)
        return x, bottom - (bottom - top) * value / peak

    canvas.line([(left, bottom), (right, bottom)], GRID)
    for decade in range(y0 // 10 * 10, y1 + 1, 10):
        if decade >= y0:
            x, _y = at(decade, 0)
            canvas.text(x, bottom + 16, str(decade), 11, MUTED, "middle")
    canvas.text(left - 6, top + 4, str(peak), 11, MUTED, "end")
    palette = ["#1c4e9c", "#b3261e", "#1d7a3a", "#8a5a00", "#6a3d9a", "#0b7285"]
    for n, (name, values) in enumerate(sorted(series.items())):
        color = palette[n % len(palette)]
        coords = [at(year, value) for year, value in values]
        canvas.line(coords, color, 2)
        for x, y in coords:
            canvas.rect(x - 2, y - 2, 4, 4, color)
        canvas.rect(right + 20, top + n * 20, 12, 12, color)
        canvas.text(right + 36, top + n * 20 + 10, _short(name, 24), 11, INK, full=name)


def _render(kind: str, data: Any, title: str, png: bool) -> Any:
    if kind == "trends":
        width, height = trends_size(data)
        drawer: Any = draw_trends
    elif kind == "outcomes":
        width, height, drawer = 740, 260, draw_outcomes
    else:
        width, height, drawer = 780, 40 + 20 * max(len(data), 11), draw_members
        height = max(height, 270)
    canvas: Any = PngCanvas(width, height, title) if png else SvgCanvas(width, height, title)
    drawer(canvas, data, title)
    return canvas.render()


def trends_svg(rows: list[dict[str, Any]], title: str) -> str:
    return str(_render("trends", rows, title, False))


def trends_png(rows: list[dict[str, Any]], title: str) -> bytes:
    return bytes(_render("trends", rows, title, True))


def outcomes_svg(outcomes: dict[str, dict[str, int]], title: str) -> str:
    return str(_render("outcomes", outcomes, title, False))


def outcomes_png(outcomes: dict[str, dict[str, int]], title: str) -> bytes:
    return bytes(_render("outcomes", outcomes, title, True))


def members_svg(series: dict[str, list[tuple[int, int]]], title: str) -> str:
    return str(_render("members", series, title, False))


def members_png(series: dict[str, list[tuple[int, int]]], title: str) -> bytes:
    return bytes(_render("members", series, title, True))


def trends_table(rows: list[dict[str, Any]], title: str) -> str:
    """The figures of the trends chart, for screen readers."""
    headers = [_("Направление"), *(str(DECADE_LABELS[d]) for d in DECADES)]
    return str(
        figures_table(
            title, headers, ([r["name"], *(r["counts"][d] for d in DECADES)] for r in rows)
        )
    )


def outcomes_table(outcomes: dict[str, dict[str, int]], title: str) -> str:
    headers = [_("Десятилетие"), _("достижения"), _("неудачи и проблемы")]
    rows = ([DECADE_LABELS[d], outcomes["achievement"][d], outcomes["failure"][d]] for d in DECADES)
    return str(figures_table(title, headers, rows))


def members_table(series: dict[str, list[tuple[int, int]]], title: str) -> str:
    rows = (
        [name, year, value] for name, values in sorted(series.items()) for year, value in values
    )
    return str(figures_table(title, [_("Землячество"), _("Год"), _("Членов")], rows))


def report_trends_title(association: Any = None) -> str:
    title = _("Направления деятельности землячеств по десятилетиям")
    if association not in (None, ""):
        title = _("%(title)s: %(association)s") % {"title": title, "association": association}
    return str(title)


def report_trends_svg(association: Any = None) -> str:
    """The decade trends of directions as an SVG chart (for the strategy document)."""
    from .selectors import decade_trends

    return trends_svg(decade_trends(association), report_trends_title(association))
