"""The analytical note on the reports: facts, tables, charts and quotes, each claim with
the numbers of the reports it rests on. One content model, shown as a page and written
to DOCX; it is the starting draft of section 1 of the strategy."""

import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.typography import typograph_docx

from . import charts
from .models import DECADE_LABELS, DECADES, AnnualReport, FindingKind, ReportFinding, ReviewStatus
from .selectors import analysis_summary


@dataclass
class Block:
    kind: str  # heading | paragraph | table | chart | quote
    text: str = ""
    level: int = 2
    refs: list[int] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    chart: str = ""
    data: Any = None


@dataclass
class Note:
    title: str
    subtitle: str
    blocks: list[Block]
    sources: list[dict[str, Any]]


def _refs_label(refs: list[int]) -> str:
    return "[" + ", ".join(str(r) for r in refs) + "]" if refs else ""


def build_note(*, associations: Any = None, association: str = "") -> Note:
    summary = analysis_summary(associations=associations, association=association)
    reports_qs = AnnualReport.objects.select_related("association").order_by(
        "association__name", "year_from", "pk"
    )
    if associations is not None:
        reports_qs = reports_qs.filter(association__in=associations)
    if association:
        reports_qs = reports_qs.filter(association__slug=association)
    reports = list(reports_qs.only("pk", "year_from", "year_to", "meeting_date", "association"))
    number_of = {r.pk: n for n, r in enumerate(reports, start=1)}
    sources = [
        {
            "n": number_of[r.pk],
            "id": r.pk,
            "association": str(r.association),
            "period": r.period,
            "meeting_date": r.meeting_date,
            "url": r.get_absolute_url(),
        }
        for r in reports
    ]
    by_direction: dict[str, set[int]] = defaultdict(set)
    rows = (
        ReportFinding.objects.filter(kind=FindingKind.ACTIVITY, report__in=[r.pk for r in reports])
        .exclude(review=ReviewStatus.REJECTED)
        .values_list("category", "report_id")
        .distinct()
    )
    for code, report_id in rows:
        by_direction[code].add(number_of[report_id])

    def cite(quotes: list[dict[str, Any]]) -> list[Block]:
        return [
            Block(
                "quote",
                f"«{q['quote']}» — {q['association']}, {q['period']}",
                refs=[number_of[q["report_id"]]] if q["report_id"] in number_of else [],
            )
            for q in quotes
        ]

    labels = summary["decade_labels"]
    scope = association and reports and str(reports[0].association)
    blocks: list[Block] = []
    blocks.append(Block("heading", _("1. Источники"), 2))
    per_decade = ", ".join(f"{labels[d]} — {summary['reports_per_decade'][d]}" for d in DECADES)
    blocks.append(
        Block(
            "paragraph",
            _(
                "Проанализировано годовых отчётов: %(n)s (по десятилетиям: %(decades)s). "
                "Число упоминаний направлений — это число предложений отчётов, описывающих "
                "работу по направлению; находки, отклонённые при проверке, не учитываются."
            )
            % {"n": len(reports), "decades": per_decade},
            refs=list(range(1, len(sources) + 1)),
        )
    )
    blocks.append(Block("heading", _("2. Направления деятельности по десятилетиям"), 2))
    blocks.append(
        Block(
            "table",
            header=[_("Направление"), *[labels[d] for d in DECADES], _("Всего"), _("Тенденция")],
            rows=[
                [
                    t["name"],
                    *[str(t["counts"][d]) for d in DECADES],
                    str(t["total"]),
                    t["trend_label"],
                ]
                for t in summary["trends"]
            ],
        )
    )
    blocks.append(
        Block("chart", chart="trends", data=summary["trends"], text=_("Упоминания направлений"))
    )
    blocks.append(Block("heading", _("3. Тенденции"), 2))
    for code, verb in (("grows", _("растёт")), ("fades", _("угасает"))):
        for t in [t for t in summary["trends"] if t["trend"] == code]:
            counts = ", ".join(f"{labels[d]}: {t['counts'][d]}" for d in DECADES)
            blocks.append(
                Block(
                    "paragraph",
                    _("Направление «%(name)s» %(verb)s (%(counts)s).")
                    % {"name": t["name"], "verb": verb, "counts": counts},
                    refs=sorted(by_direction.get(t["code"], set())),
                )
            )
    if not any(t["trend"] in ("grows", "fades") for t in summary["trends"]):
        blocks.append(Block("paragraph", _("Заметных изменений между десятилетиями нет.")))
    blocks.append(Block("heading", _("4. Сильные стороны"), 2))
    for s in summary["strengths"] or []:
        blocks.append(
            Block("paragraph", s["text"], refs=sorted(by_direction.get(s["code"], set())))
        )
        blocks.extend(cite(s["quotes"]))
    if not summary["strengths"]:
        blocks.append(Block("paragraph", _("Устойчивых направлений с достижениями не найдено.")))
    blocks.append(Block("heading", _("5. Слабые стороны"), 2))
    for w in summary["weaknesses"]:
        blocks.append(
            Block("paragraph", w["text"], refs=sorted(by_direction.get(w["code"], set())))
        )
        blocks.extend(cite(w["quotes"]))
    if not summary["weaknesses"]:
        blocks.append(Block("paragraph", _("Повторяющихся неудач не найдено.")))
    blocks.append(Block("heading", _("6. Что удалось и что не удалось"), 2))
    blocks.append(
        Block(
            "table",
            header=[_("Десятилетие"), _("Достижения"), _("Неудачи и проблемы")],
            rows=[
                [
                    labels[d],
                    str(summary["outcomes"]["achievement"][d]),
                    str(summary["outcomes"]["failure"][d]),
                ]
                for d in DECADES
            ],
        )
    )
    blocks.append(
        Block("chart", chart="outcomes", data=summary["outcomes"], text=_("Достижения и неудачи"))
    )
    blocks.append(Block("heading", _("7. Партнёры и места"), 2))
    blocks.append(
        Block(
            "table",
            header=[_("Партнёр (организация)"), _("Упоминаний"), _("Отчётов")],
            rows=[[p["value"], str(p["count"]), str(p["reports"])] for p in summary["partners"]],
        )
    )
    blocks.append(
        Block(
            "table",
            header=[_("Место"), _("Упоминаний"), _("Отчётов")],
            rows=[[p["value"], str(p["count"]), str(p["reports"])] for p in summary["places"]],
        )
    )
    blocks.append(Block("heading", _("8. Численность членов"), 2))
    member_rows = [
        [name, str(year), str(value)]
        for name, values in sorted(summary["members"].items())
        for year, value in values
    ]
    blocks.append(
        Block("table", header=[_("Землячество"), _("Год"), _("Членов")], rows=member_rows)
    )
    if member_rows:
        blocks.append(
            Block("chart", chart="members", data=summary["members"], text=_("Численность членов"))
        )
    title = _("Аналитическая записка о деятельности землячеств по годовым отчётам")
    subtitle = _("Черновик раздела 1 стратегии. Составлена %(date)s%(scope)s.") % {
        "date": timezone.localdate().strftime("%d.%m.%Y"),
        "scope": (_("; землячество: %(name)s") % {"name": scope}) if scope else "",
    }
    return Note(title=title, subtitle=subtitle, blocks=blocks, sources=sources)


def chart_svg(block: Block) -> str:
    if block.chart == "trends":
        return charts.trends_svg(block.data, block.text)
    if block.chart == "outcomes":
        return charts.outcomes_svg(block.data, block.text)
    return charts.members_svg(block.data, block.text)


def chart_table(block: Block) -> str:
    """The chart's figures as a table for screen readers."""
    if block.chart == "trends":
        return charts.trends_table(block.data, block.text)
    if block.chart == "outcomes":
        return charts.outcomes_table(block.data, block.text)
    return charts.members_table(block.data, block.text)


def _chart_png(block: Block) -> bytes:
    if block.chart == "trends":
        return charts.trends_png(block.data, block.text)
    if block.chart == "outcomes":
        return charts.outcomes_png(block.data, block.text)
    return charts.members_png(block.data, block.text)


def analytical_note_docx(
    *, associations: Any = None, association: str = "", base_url: str = ""
) -> bytes:
    """The note as a DOCX document (python-docx), charts as pictures, sources at the end."""
    import docx
    from docx.shared import Cm, Pt

    note = build_note(associations=associations, association=association)
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Liberation Serif"
    style.font.size = Pt(12)
    document.add_heading(note.title, level=1)
    document.add_paragraph(note.subtitle)
    for block in note.blocks:
        if block.kind == "heading":
            document.add_heading(block.text, level=block.level)
        elif block.kind in ("paragraph", "quote"):
            paragraph = document.add_paragraph(style="Quote" if block.kind == "quote" else None)
            paragraph.add_run(block.text)
            if block.refs:
                paragraph.add_run(" " + _refs_label(block.refs))
        elif block.kind == "table":
            table = document.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
            document.add_paragraph()
        elif block.kind == "chart":
            document.add_picture(io.BytesIO(_chart_png(block)), width=Cm(16))
            document.add_paragraph(block.text, style="Caption")
    document.add_heading(_("Источники"), level=2)
    for source in note.sources:
        meeting = (
            _(", общее собрание %(date)s") % {"date": source["meeting_date"].strftime("%d.%m.%Y")}
            if source["meeting_date"]
            else ""
        )
        document.add_paragraph(
            f"[{source['n']}] {source['association']}, "
            + _("отчёт за %(period)s") % {"period": source["period"]}
            + f"{meeting}. {base_url}{source['url']}"
        )
    typograph_docx(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


__all__ = [
    "DECADE_LABELS",
    "Note",
    "analytical_note_docx",
    "build_note",
    "chart_svg",
    "chart_table",
]
