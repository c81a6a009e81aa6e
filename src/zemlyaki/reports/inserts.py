"""What the reports archive shows inside strategy documents: the trends of the annual
reports by decade, as a chart that carries its data (so the DOCX export can draw it as a
picture and an approved version keeps the figures it was approved with)."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zemlyaki.core.registries import Insert, InsertProvider

from .charts import report_trends_svg, report_trends_title, trends_png
from .models import DECADE_LABELS, DECADES
from .selectors import decade_trends


def trends_chart() -> Insert:
    title = _("Тенденции по годовым отчётам землячеств")
    svg = report_trends_svg()
    data = decade_trends()
    if not svg:
        return {"kind": "note", "title": title, "text": _("Анализ годовых отчётов ещё не выполнен")}
    return {
        "kind": "chart",
        "title": title,
        "svg": str(svg),
        "chart": "report-trends",
        "chart_title": report_trends_title(),
        "data": data,
        "figures": {
            "headers": [_("Направление"), *(str(DECADE_LABELS[d]) for d in DECADES)],
            "rows": [[row["name"], *(row["counts"][d] for d in DECADES)] for row in data],
        },
    }


def trends_picture(insert: dict[str, Any]) -> bytes | None:
    if not insert.get("data"):
        return None
    return trends_png(insert["data"], insert.get("chart_title") or insert.get("title", ""))


PROVIDERS = [
    InsertProvider(
        "chart:report-trends",
        gettext_lazy("Тенденции по годовым отчётам землячеств"),
        trends_chart,
        picture=trends_picture,
    )
]
