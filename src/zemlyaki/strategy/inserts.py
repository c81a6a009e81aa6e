"""Live inserts: a marker in a section's text (``{{ table:bodies }}``) stands for current
platform data. The apps that own the data register the providers
(``core.registries.inserts``, filled in each app's ``AppConfig.ready()``); each returns a
plain structure — a table, a chart (SVG) or a note — that the preview, the exports and
the frozen approved version all render. This module imports no other app.
"""

from django.utils.html import escape
from django.utils.translation import gettext as _

from zemlyaki.core.charts import figures_table
from zemlyaki.core.registries import Insert, inserts


def _note(title: str, text: str) -> Insert:
    return {"kind": "note", "title": title, "text": text}


def resolve(keys: list[str]) -> dict[str, Insert]:
    """Current data for each marker; unknown markers become a note."""
    result: dict[str, Insert] = {}
    for key in keys:
        provider = inserts.get(key)
        if provider is None:
            result[key] = _note(
                _("Неизвестная вставка"),
                _("Вставка «%(key)s» не поддерживается.") % {"key": key},
            )
        else:
            result[key] = provider.build()
    return result


def picture(insert: Insert) -> bytes | None:
    """A chart insert drawn as a PNG from the data it carries, by the app that made it;
    None when it cannot be drawn (an older frozen copy without data, an unknown chart)."""
    provider = inserts.get(f"chart:{insert.get('chart', '')}")
    if provider is None or provider.picture is None:
        return None
    return provider.picture(insert)


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
        figures = insert.get("figures")
        table = (
            str(figures_table(insert.get("title", ""), figures["headers"], figures["rows"]))
            if figures
            else ""
        )
        return (
            f'<figure class="insert-chart">{_safe_svg(insert["svg"])}'
            f"<figcaption>{title}</figcaption>{table}</figure>"
        )
    return f'<p class="insert-note"><strong>{title}.</strong> {escape(insert.get("text", ""))}</p>'


def html_map(data: dict[str, Insert]) -> dict[str, str]:
    return {key: to_html(value) for key, value in data.items()}
