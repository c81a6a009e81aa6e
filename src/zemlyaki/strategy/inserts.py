"""Live inserts: a marker in a section's text (``{{ table:bodies }}``) stands for current
platform data. Each provider returns a plain structure — a table, a chart (SVG) or a
note — that the preview, the exports and the frozen approved version all render.

Providers of other apps are imported when called: an app that is not there yet gives a
note in Russian instead of failing the document.
"""

import importlib
from collections.abc import Callable
from typing import Any

from django.utils.html import escape
from django.utils.translation import gettext as _

Insert = dict[str, Any]  # {"kind": "table"|"chart"|"note", "title": str, ...}


def _note(title: str, text: str) -> Insert:
    return {"kind": "note", "title": title, "text": text}


def _bodies() -> Insert:
    from django.db.models import Count

    from zemlyaki.governance.models import Body

    try:
        from zemlyaki.governance.services import current_members_q

        members = Count("members", filter=current_members_q(prefix="members__"))
    except ImportError:  # pragma: no cover - governance without the helper
        members = Count("members")
    rows = [
        [body.name, body.get_kind_display(), str(body.member_count), body.get_quorum_rule_display()]
        for body in Body.objects.annotate(member_count=members).order_by("name")
    ]
    return {
        "kind": "table",
        "title": _("Рабочие органы"),
        "headers": [_("Орган"), _("Вид"), _("Членов"), _("Кворум")],
        "rows": rows,
    }


def _stakeholders() -> Insert:
    from zemlyaki.registry.models import Stakeholder

    rows = [
        [s.get_kind_display(), s.name, ", ".join(r.name for r in s.regions.all())]
        for s in Stakeholder.objects.prefetch_related("regions").order_by("kind", "name")
    ]
    return {
        "kind": "table",
        "title": _("Субъекты стратегии"),
        "headers": [_("Вид"), _("Организация"), _("Регионы")],
        "rows": rows,
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    return str(value)


def normalise_table(value: Any, title: str) -> Insert:
    """Accept the shapes a provider may return: a dict with headers/columns and rows, a
    (headers, rows) pair, or a list of dicts."""
    headers: list[str] = []
    rows: list[list[str]] = []
    if isinstance(value, dict):
        headers = [str(h) for h in value.get("headers") or value.get("columns") or []]
        raw_rows = value.get("rows") or []
        title = str(value.get("title") or title)
    elif isinstance(value, tuple) and len(value) == 2:
        headers = [str(h) for h in value[0]]
        raw_rows = value[1]
    elif isinstance(value, list):
        raw_rows = value
        if value and isinstance(value[0], dict):
            headers = [str(k) for k in value[0]]
    else:
        raise TypeError("unsupported table")
    for row in raw_rows:
        if isinstance(row, dict):
            if not headers:
                headers = [str(k) for k in row]
            rows.append([_cell(v) for v in row.values()])
        else:
            rows.append([_cell(v) for v in row])
    return {"kind": "table", "title": title, "headers": headers, "rows": rows}


def _plan() -> Insert:
    title = _("План разработки и реализации стратегии")
    try:
        selectors = importlib.import_module("zemlyaki.plan.selectors")
        plan_table = selectors.plan_table
    except (ImportError, AttributeError):
        return _note(title, _("План ещё не создан"))
    value = plan_table(plan=None)
    if not value:
        return _note(title, _("План ещё не создан"))
    if isinstance(value, list) and isinstance(value[0], dict) and "title" in value[0]:
        columns = [
            ("number", _("№")),
            ("title", _("Мероприятие")),
            ("owner", _("Ответственные")),
            ("due", _("Срок")),
            ("status", _("Статус")),
        ]
        present = [(key, label) for key, label in columns if key in value[0]]
        return {
            "kind": "table",
            "title": title,
            "headers": [label for _key, label in present],
            "rows": [[_cell(row.get(key)) for key, _label in present] for row in value],
        }
    return normalise_table(value, title)


def _report_trends() -> Insert:
    title = _("Тенденции по годовым отчётам землячеств")
    try:
        charts = importlib.import_module("zemlyaki.reports.charts")
        make_svg = charts.report_trends_svg
    except (ImportError, AttributeError):
        return _note(title, _("Анализ годовых отчётов ещё не выполнен"))
    svg = make_svg()
    if not svg:
        return _note(title, _("Анализ годовых отчётов ещё не выполнен"))
    # The chart's data travels with it (JSON-safe), so the DOCX export can draw it as a
    # picture and an approved version keeps the figures it was approved with.
    selectors = importlib.import_module("zemlyaki.reports.selectors")
    return {
        "kind": "chart",
        "title": title,
        "svg": str(svg),
        "chart": "report-trends",
        "chart_title": charts.report_trends_title(),
        "data": selectors.decade_trends(),
    }


PROVIDERS: dict[str, Callable[[], Insert]] = {
    "table:bodies": _bodies,
    "table:plan": _plan,
    "table:stakeholders": _stakeholders,
    "chart:report-trends": _report_trends,
}


def resolve(keys: list[str]) -> dict[str, Insert]:
    """Current data for each marker; unknown markers become a note."""
    result: dict[str, Insert] = {}
    for key in keys:
        provider = PROVIDERS.get(key)
        if provider is None:
            result[key] = _note(
                _("Неизвестная вставка"),
                _("Вставка «%(key)s» не поддерживается.") % {"key": key},
            )
        else:
            result[key] = provider()
    return result


def _safe_svg(svg: str) -> str:
    """An SVG produced by the platform's own chart code, stripped of scripts and handlers."""
    import re

    svg = re.sub(r"<script\b.*?</script\s*>", "", svg, flags=re.S | re.I)
    svg = re.sub(r"\son\w+\s*=\s*(\"[^\"]*\"|'[^']*')", "", svg, flags=re.I)
    svg = re.sub(r"javascript:", "", svg, flags=re.I)
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else ""


def to_html(insert: Insert) -> str:
    title = escape(insert.get("title", ""))
    if insert["kind"] == "table":
        head = "".join(f"<th>{escape(h)}</th>" for h in insert["headers"])
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
            for row in insert["rows"]
        )
        if not insert["rows"]:
            span = max(1, len(insert["headers"]))
            body = f'<tr><td colspan="{span}">{escape(_("Нет данных"))}</td></tr>'
        return (
            f'<table class="data insert-table"><caption>{title}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )
    if insert["kind"] == "chart":
        return (
            f'<figure class="insert-chart">{_safe_svg(insert["svg"])}'
            f"<figcaption>{title}</figcaption></figure>"
        )
    return f'<p class="insert-note"><strong>{title}.</strong> {escape(insert.get("text", ""))}</p>'


def html_map(data: dict[str, Insert]) -> dict[str, str]:
    return {key: to_html(value) for key, value in data.items()}
