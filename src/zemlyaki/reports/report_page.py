"""One report as a person reads it: its findings grouped, its text in parts with what the
analysis found marked, each finding's sentence with the match highlighted, and the lists
of places, organisations, persons and dates (each named once)."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from zemlyaki.core.text import fold, lemmas

from .models import AnnualReport, FindingKind, ReportFinding, ReviewStatus

TEXT_PAGE = 20_000  # characters of the text shown (and given by the API) at once


def report_findings(report: AnnualReport) -> dict[str, list[ReportFinding]]:
    """The findings of one report grouped by kind (one query)."""
    grouped: dict[str, list[ReportFinding]] = defaultdict(list)
    for finding in report.findings.select_related("direction", "reviewed_by").order_by(
        "start", "id"
    ):
        grouped[finding.kind].append(finding)
    return grouped


def entities_summary(findings: list[ReportFinding]) -> list[dict[str, Any]]:
    """Distinct entities with their type and how many times each is mentioned. Forms of
    one name («Брянщина», «Брянщины») count as one, shown as written most often."""
    groups: dict[tuple[str, tuple[str, ...]], list[str]] = defaultdict(list)
    for finding in findings:
        key = (finding.category, tuple(lemmas(finding.value)) or (fold(finding.value),))
        groups[key].append(finding.value)
    rows = []
    for (category, _key), values in groups.items():
        value = max(dict.fromkeys(values), key=values.count)
        rows.append({"category": category, "value": value, "count": len(values)})
    return sorted(rows, key=lambda r: (-r["count"], r["value"]))


def _date_key(value: str) -> tuple[int, int, int, str]:
    """Chronological order of date values: «2005», «05.2005», «15.05.2005», «2005–2007»."""
    head = value.split("–")[0]
    parts = [int(p) for p in head.split(".") if p.isdigit()]
    year = parts[-1] if parts else 0
    month = parts[-2] if len(parts) >= 2 else 0
    day = parts[-3] if len(parts) >= 3 else 0
    return year, month, day, value


def dates_summary(findings: list[ReportFinding]) -> list[dict[str, Any]]:
    """Each date or period once, in time order, with how many times it is mentioned."""
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.value] = counts.get(finding.value, 0) + 1
    return [{"value": v, "count": counts[v]} for v in sorted(counts, key=_date_key)]


@dataclass
class TextPart:
    """A window of the report's text: [start, end) of ``length`` characters."""

    start: int
    end: int
    length: int
    number: int
    count: int

    @property
    def has_previous(self) -> bool:
        return self.start > 0

    @property
    def has_next(self) -> bool:
        return self.end < self.length


def text_part(text: str, number: int = 1, size: int = TEXT_PAGE) -> TextPart:
    """Part ``number`` (from 1) of the text; parts end at a line or word break."""
    bounds = text_bounds(text, size)
    number = min(max(number, 1), len(bounds))
    start, end = bounds[number - 1]
    return TextPart(start=start, end=end, length=len(text), number=number, count=len(bounds))


def text_bounds(text: str, size: int = TEXT_PAGE) -> list[tuple[int, int]]:
    bounds = []
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = max(text.rfind("\n", start + size // 2, end), text.rfind(" ", end - 200, end))
            end = cut + 1 if cut > start else end
        bounds.append((start, end))
        start = end
    return bounds or [(0, 0)]


def highlighted_text(
    report: AnnualReport,
    grouped: dict[str, list[ReportFinding]],
    start: int = 0,
    end: int | None = None,
) -> SafeString:
    """The report's text (or its part [start, end)) as HTML: activity sentences tinted by
    direction, entities marked. Every piece of the text is escaped."""
    text = report.text
    end = len(text) if end is None else end
    opens: dict[int, list[str]] = defaultdict(list)
    closes: dict[int, list[str]] = defaultdict(list)

    def add(a: int, b: int, tag: str, opening: str) -> None:
        a, b = max(a, start), min(b, end)
        if a < b:
            opens[a].append(opening)
            closes[b].insert(0, f"</{tag}>")

    sentence_dirs: dict[int, list[ReportFinding]] = defaultdict(list)
    sentence_end: dict[int, int] = {}
    for finding in grouped.get(FindingKind.ACTIVITY, []):
        if finding.review == ReviewStatus.REJECTED:
            continue
        sentence_dirs[finding.start].append(finding)
        sentence_end[finding.start] = finding.end
    for s_start, findings in sentence_dirs.items():
        codes = " ".join(f"dir-{f.category}" for f in findings)
        title = escape(", ".join(f.value for f in findings))
        add(
            s_start,
            sentence_end[s_start],
            "span",
            f'<span class="activity {codes}" title="{title}">',
        )
    last = -1
    for finding in sorted(grouped.get(FindingKind.ENTITY, []), key=lambda f: f.start):
        if finding.start < last:
            continue
        label = escape(finding.value)
        opening = f'<mark class="ent ent-{escape(finding.category)}" title="{label}">'
        add(finding.start, finding.end, "mark", opening)
        last = finding.end
    parts: list[str] = []
    cursor = start
    for point in sorted(set(opens) | set(closes)):
        parts.append(escape(text[cursor:point]))
        parts.extend(closes.get(point, []))
        parts.extend(opens.get(point, []))
        cursor = point
    parts.append(escape(text[cursor:end]))
    return mark_safe("".join(parts))  # noqa: S308 — every piece of text is escaped above


def quote_html(finding: ReportFinding) -> SafeString:
    """The sentence of a finding with what matched in it marked (<mark>), escaped."""
    quote = finding.quote
    spans: list[tuple[int, int]] = []
    if finding.kind in (FindingKind.ENTITY, FindingKind.DATE, FindingKind.NUMBER):
        a, b = finding.start - finding.sentence_start, finding.end - finding.sentence_start
        if finding.matched and quote[a : a + len(finding.matched)] == finding.matched:
            b = a + len(finding.matched)
        elif finding.matched and finding.matched in quote:
            a = quote.index(finding.matched)
            b = a + len(finding.matched)
        if 0 <= a < b <= len(quote):
            spans.append((a, b))
    else:
        cursor = 0
        for piece in (p.strip() for p in finding.matched.split(";")):
            found = quote.find(piece, cursor) if piece else -1
            if found < 0 and piece:
                found = quote.find(piece)
            if found >= 0:
                spans.append((found, found + len(piece)))
                cursor = found + len(piece)
    parts: list[str] = []
    cursor = 0
    for a, b in sorted(spans):
        if a < cursor:
            continue
        parts.append(escape(quote[cursor:a]))
        parts.append(f"<mark>{escape(quote[a:b])}</mark>")
        cursor = b
    parts.append(escape(quote[cursor:]))
    return mark_safe("".join(parts))  # noqa: S308 — every piece of text is escaped above
