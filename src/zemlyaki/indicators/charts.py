"""Charts of indicators, drawn on the server: actual values against the target line, the
stages shaded; SVG for pages and the PDF, PNG for the DOCX (same drawing routine)."""

from typing import Any

from django.utils.translation import gettext as _

from zemlyaki.reports.charts import PngCanvas, SvgCanvas

STATUS_COLORS = {
    "on_track": "#1d7a3a",
    "risk": "#b26a00",
    "behind": "#b3261e",
    "achieved": "#1c4e9c",
    "no_data": "#5b6475",
}
SHADES = ["#eef2f8", "#f7f8fb"]
ACTUAL, TARGET, FORECAST, INK, MUTED, GRID = (
    "#1c4e9c",
    "#b3261e",
    "#8a5a00",
    "#1d2330",
    "#5b6475",
    "#d9dee8",
)


def chart_data(
    *,
    first: int,
    last: int,
    series: dict[int, float],
    targets: dict[int, float],
    stages: list[tuple[int, int]],
    forecast: tuple[int, float] | None = None,
    status: str = "no_data",
) -> dict[str, Any]:
    """The plain data a chart is drawn from (JSON-safe: it travels inside inserts)."""
    return {
        "first": first,
        "last": last,
        "series": [[y, float(v)] for y, v in sorted(series.items())],
        "targets": [[y, float(v)] for y, v in sorted(targets.items())],
        "stages": [list(s) for s in stages],
        "forecast": list(forecast) if forecast else None,
        "status": status,
    }


def draw(canvas: Any, data: dict[str, Any], width: int, height: int, small: bool) -> None:
    pad_l, pad_r, pad_t, pad_b = (2, 2, 2, 2) if small else (50, 20, 30, 34)
    first, last = data["first"], data["last"]
    values = [v for _y, v in data["series"]] + [v for _y, v in data["targets"]]
    if data.get("forecast"):
        values.append(data["forecast"][1])
    top_value = max(values + [0.0]) * 1.1 or 1.0
    low_value = min(values + [0.0])
    span = (top_value - low_value) or 1.0
    left, right, top, bottom = pad_l, width - pad_r, pad_t, height - pad_b
    step = (right - left) / max(last - first + 1, 1)

    def x_of(year: float) -> float:
        return left + step * (year - first + 0.5)

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * (value - low_value) / span

    for index, (start, end) in enumerate(data["stages"]):
        x0 = left + step * (start - first)
        canvas.rect(x0, top, step * (end - start + 1), bottom - top, SHADES[index % 2])
        if not small:
            canvas.text(x0 + 4, top + 12, _("%(n)s этап") % {"n": index + 1}, 10, MUTED)
    canvas.line([(left, bottom), (right, bottom)], GRID)
    if not small:
        for year in range(first, last + 1):
            canvas.text(x_of(year), bottom + 16, str(year), 10, MUTED, "middle")
        canvas.text(left - 6, top + 4, _num(top_value / 1.1), 10, MUTED, "end")
        canvas.text(left - 6, bottom, _num(low_value), 10, MUTED, "end")
    targets = [(x_of(y), y_of(v)) for y, v in data["targets"]]
    if len(targets) > 1:
        canvas.line(targets, TARGET, 1.5)
    for x, y in targets:
        canvas.rect(x - 3, y - 1, 6, 2, TARGET)
    actual = [(x_of(y), y_of(v)) for y, v in data["series"]]
    if data.get("forecast") and actual:
        canvas.line(
            [actual[-1], (x_of(data["forecast"][0]), y_of(data["forecast"][1]))], FORECAST, 1
        )
    if len(actual) > 1:
        canvas.line(actual, ACTUAL, 2)
    color = STATUS_COLORS.get(data.get("status", ""), ACTUAL)
    for x, y in actual:
        canvas.rect(x - 2.5, y - 2.5, 5, 5, color if small else ACTUAL)
    if not small:
        legend = [(ACTUAL, _("факт")), (TARGET, _("цель")), (FORECAST, _("прогноз"))]
        for n, (swatch, label) in enumerate(legend):
            canvas.rect(left + n * 90, 8, 12, 10, swatch)
            canvas.text(left + n * 90 + 16, 17, label, 11, INK)


def _num(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ") if abs(value) >= 10 else f"{value:.1f}"


def sparkline_svg(data: dict[str, Any], title: str) -> str:
    canvas = SvgCanvas(160, 44, title)
    draw(canvas, data, 160, 44, small=True)
    return str(canvas.render())


def chart_svg(data: dict[str, Any], title: str) -> str:
    canvas = SvgCanvas(720, 260, title)
    draw(canvas, data, 720, 260, small=False)
    return str(canvas.render())


def chart_png(data: dict[str, Any], title: str) -> bytes:
    canvas = PngCanvas(720, 260, title)
    draw(canvas, data, 720, 260, small=False)
    return bytes(canvas.render())
