"""XLSX export of all indicators with their measurements (what the reader may see)."""

import io
from typing import Any

from django.utils.translation import gettext as _

from .models import Indicator
from .selectors import views_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(user: Any) -> bytes:
    from openpyxl import Workbook  # imported with the export, not with the views

    from .models import Measurement

    views = views_of(Indicator.objects.visible_to(user))
    book = Workbook()
    sheet = book.active
    sheet.title = _("Показатели")
    periods = [(r.start_year, r.end_year) for r in views[0].stages] if views else []
    sheet.append(
        [
            _("Код"),
            _("Показатель"),
            _("Единица"),
            _("Цель стратегии"),
            _("Источник"),
            _("Базовый год"),
            _("Базовое значение"),
        ]
        + [_("Цель %(period)s") % {"period": f"{s}–{e}"} for s, e in periods]
        + [_("Последний факт"), _("Год факта"), _("Прогноз на конец этапа"), _("Статус")]
    )
    for view in views:
        i = view.indicator
        latest = view.latest
        sheet.append(
            [
                i.code,
                i.name,
                i.unit,
                str(i.goal) if i.goal else "",
                i.get_source_display(),
                i.baseline_year,
                float(i.baseline_value) if i.baseline_value is not None else None,
            ]
            + [row.progress.target for row in view.stages]
            + [
                latest[1] if latest else None,
                latest[0] if latest else None,
                view.current.forecast,
                view.current.status_label,
            ]
        )
    values = book.create_sheet(_("Значения"))
    values.append(
        [
            _("Код"),
            _("Год"),
            _("Землячество"),
            _("Значение"),
            _("Вычислено"),
            _("Проверка"),
            _("Из чего вычислено"),
            _("Ссылка на подтверждение"),
            _("Комментарий"),
            _("Замечания"),
        ]
    )
    rows = (
        Measurement.objects.visible_to(user)
        .filter(indicator__in=[v.indicator.pk for v in views])
        .select_related("indicator", "association")
        .order_by("indicator__order", "indicator__code", "year", "association__name", "pk")
    )
    for m in rows:
        values.append(
            [
                m.indicator.code,
                m.year,
                m.association.name if m.association else "",
                float(m.value),
                _("да") if m.computed else _("нет"),
                m.get_status_display(),
                m.computed_from,
                m.evidence_url,
                m.comment,
                m.remarks,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
