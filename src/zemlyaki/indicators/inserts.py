"""What the indicators show inside the strategy document (section 6): the table of key
indicators by stage — baseline, target per stage, actual and status — and a chart of
progress in the current stage that carries its data (the DOCX export draws it as a PNG)."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zemlyaki.core.registries import Insert, InsertProvider
from zemlyaki.reports.charts import PngCanvas, SvgCanvas

from .charts import INK, MUTED, STATUS_COLORS
from .models import Indicator
from .selectors import views_of
from .templatetags.indicators_tags import value_text


def indicators_table() -> Insert:
    views = views_of(Indicator.objects.all())
    periods = [(r.start_year, r.end_year) for r in views[0].stages] if views else []
    # Eight columns fit the width of a printed page (the unit goes with the name).
    headers = [_("Код"), _("Показатель, единица"), _("Базовое значение")]
    headers += [_("Цель %(period)s") % {"period": f"{s}–{e}"} for s, e in periods]
    headers += [_("Факт"), _("Статус")]
    rows = []
    for view in views:
        i = view.indicator
        baseline = (
            f"{value_text(i.baseline_value)} ({i.baseline_year})"
            if i.baseline_value is not None and i.baseline_year
            else "—"
        )
        row = [i.code, f"{i.name}, {i.unit}", baseline]
        for stage in view.stages:
            target = stage.progress.target
            row.append(value_text(target) if target is not None else "—")
        latest = view.latest
        row.append(f"{value_text(latest[1])} ({latest[0]})" if latest else "—")
        row.append(view.current.status_label)
        rows.append(row)
    return {
        "kind": "table",
        "title": _("Ключевые показатели Стратегии по этапам реализации"),
        "headers": headers,
        "rows": rows,
    }


def _progress_rows() -> list[list[Any]]:
    return [
        [v.indicator.code, v.current.percent, v.current.status]
        for v in views_of(Indicator.objects.all())
    ]


def _draw(canvas: Any, rows: list[list[Any]], width: int) -> None:
    left, right = 90, width - 60
    canvas.text(10, 20, _("Выполнение целей текущего этапа, %"), 14, INK)
    for n, (code, percent, status) in enumerate(rows):
        y = 36 + n * 22
        canvas.text(left - 8, y + 13, str(code), 11, INK, "end")
        share = max(0, min(percent or 0, 150)) / 150
        canvas.rect(left, y, (right - left) * share, 16, STATUS_COLORS.get(status, MUTED))
        label = "—" if percent is None else f"{percent}%"
        canvas.text(left + (right - left) * share + 6, y + 13, label, 11, MUTED)
    x100 = left + (right - left) * 100 / 150
    canvas.line([(x100, 30), (x100, 36 + 22 * len(rows))], INK, 1)


def _size(rows: list[list[Any]]) -> tuple[int, int]:
    return 720, 50 + 22 * max(len(rows), 1)


def progress_chart() -> Insert:
    title = _("Выполнение целей текущего этапа")
    rows = _progress_rows()
    if not rows:
        return {"kind": "note", "title": title, "text": _("Показатели ещё не заданы")}
    width, height = _size(rows)
    canvas = SvgCanvas(width, height, title)
    _draw(canvas, rows, width)
    return {
        "kind": "chart",
        "title": title,
        "svg": str(canvas.render()),
        "chart": "indicators",
        "data": rows,
    }


def progress_picture(insert: dict[str, Any]) -> bytes | None:
    rows = insert.get("data")
    if not rows:
        return None
    width, height = _size(rows)
    canvas = PngCanvas(width, height, insert.get("title", ""))
    _draw(canvas, rows, width)
    return bytes(canvas.render())


PROVIDERS = [
    InsertProvider(
        "table:indicators",
        gettext_lazy("Ключевые показатели Стратегии по этапам реализации"),
        indicators_table,
    ),
    InsertProvider(
        "chart:indicators",
        gettext_lazy("Выполнение целей текущего этапа"),
        progress_chart,
        picture=progress_picture,
    ),
]
