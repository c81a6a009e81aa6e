"""Reads of the archive: lists, one report's findings, aggregates, trends and search."""

from collections import defaultdict
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zemlyaki.core.text import fold, query_terms, search_q
from zemlyaki.registry.models import Association

from .models import (
    DECADE_LABELS,
    DECADES,
    ActivityDirection,
    AnnualReport,
    FindingKind,
    LexiconEntry,
    LexiconKind,
    ReportFinding,
    ReviewStatus,
)

TREND_LABELS = {
    "grows": gettext_lazy("растёт"),
    "fades": gettext_lazy("угасает"),
    "steady": gettext_lazy("устойчиво"),
    "absent": gettext_lazy("нет в отчётах"),
    "unknown": gettext_lazy("мало данных"),
}


# ------------------------------------------------------------------ scope


def associations_visible(user: Any) -> QuerySet[Association]:
    """Associations whose reports the user may see: all for the coordinator and the
    administrator, the led ones for a leader, none otherwise."""
    role = getattr(user, "role", None)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Association.objects.none()
    if role in ("coordinator", "administrator") or user.is_superuser:
        return Association.objects.all()
    if role == "leader":
        return Association.objects.filter(leaders=user)
    return Association.objects.none()


def associations_for_upload(user: Any) -> QuerySet[Association]:
    role = getattr(user, "role", None)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Association.objects.none()
    if role == "coordinator":
        return Association.objects.order_by("name")
    if role == "leader":
        return Association.objects.filter(leaders=user).order_by("name")
    return Association.objects.none()


def _resolve_association(association: Any) -> Association | None:
    if association in (None, ""):
        return None
    if isinstance(association, Association):
        return association
    return Association.objects.filter(slug=str(association)).first()


def _scoped(qs: QuerySet[Any], field: str, associations: Any) -> QuerySet[Any]:
    if associations is None:
        return qs
    return qs.filter(**{f"{field}__in": associations})


# ------------------------------------------------------------------ lists


def report_list(
    *,
    user: Any,
    association: str = "",
    decade: str = "",
    status: str = "",
    q: str = "",
) -> QuerySet[AnnualReport]:
    """The reports ``user`` may read (``AnnualReport.objects.visible_to``), filtered."""
    qs = (
        AnnualReport.objects.visible_to(user)
        .select_related("association", "uploaded_by")
        .defer("text", "search_text")
        .annotate(activity_count=Count("findings", filter=Q(findings__kind=FindingKind.ACTIVITY)))
        .order_by("-year_from", "association__name", "-id")
    )
    if association:
        qs = qs.filter(association__slug=association)
    if decade:
        qs = qs.filter(decade=decade)
    if status:
        qs = qs.filter(status=status)
    if q.strip():
        qs = qs.filter(search_q(q))
    return qs


# ------------------------------------------------------------------ aggregates


def _activity_counts(associations: Any) -> dict[tuple[str, str], int]:
    qs = ReportFinding.objects.filter(kind=FindingKind.ACTIVITY).exclude(
        review=ReviewStatus.REJECTED
    )
    qs = _scoped(qs, "report__association", associations)
    rows = qs.values("category", "report__decade").annotate(n=Count("id"))
    return {(r["category"], r["report__decade"]): r["n"] for r in rows}


def _reports_per_decade(associations: Any) -> dict[str, int]:
    qs = _scoped(AnnualReport.objects.all(), "association", associations)
    rows = qs.values("decade").annotate(n=Count("id"))
    return {r["decade"]: r["n"] for r in rows}


def _trend(counts: dict[str, int], reports: dict[str, int]) -> str:
    decades = [d for d in DECADES if reports.get(d)]
    if sum(counts.values()) == 0:
        return "absent"
    if len(decades) < 2:
        return "unknown"
    rates = [counts.get(d, 0) / reports[d] for d in decades]
    earlier = sum(rates[:-1]) / len(rates[:-1])
    latest = rates[-1]
    if earlier == 0:
        return "grows"
    if latest >= earlier * 1.25:
        return "grows"
    if latest <= earlier * 0.75:
        return "fades"
    return "steady"


def analysis_directions() -> QuerySet[ActivityDirection]:
    """Directions of the shared catalogue the analysis speaks of: those with words in the
    lexicon or with findings. Policy directions without either stay out of its tables."""
    return ActivityDirection.objects.filter(
        Exists(LexiconEntry.objects.filter(direction=OuterRef("pk"), kind=LexiconKind.DIRECTION))
        | Exists(ReportFinding.objects.filter(direction=OuterRef("pk")))
    ).order_by("order", "name")


def decade_trends(association: Any = None) -> list[dict[str, Any]]:
    """Per direction: its name and number of activities in each decade (keys '1990s'…
    '2020s', also under ``counts``), the total and the trend code and label."""
    scope: Any = None
    resolved = _resolve_association(association)
    if association not in (None, ""):
        scope = [resolved] if resolved else []
    counts = _activity_counts(scope)
    reports = _reports_per_decade(scope)
    result = []
    for direction in analysis_directions():
        per = {d: counts.get((direction.code, d), 0) for d in DECADES}
        trend = _trend(per, reports)
        result.append(
            {
                "code": direction.code,
                "name": direction.name,
                "counts": per,
                **per,
                "total": sum(per.values()),
                "trend": trend,
                "trend_label": str(TREND_LABELS[trend]),
            }
        )
    return result


def _quote(finding: ReportFinding) -> dict[str, Any]:
    report = finding.report
    return {
        "quote": finding.quote,
        "report_id": report.pk,
        "association": str(report.association),
        "period": report.period,
        "url": report.get_absolute_url(),
        "review": finding.review,
    }


def analysis_summary(
    *, associations: Any = None, association: str = "", decade: str = "", direction: str = ""
) -> dict[str, Any]:
    """Everything the aggregate page and the note show, in a fixed number of queries."""
    scope: Any = associations
    if association:
        base = associations if associations is not None else Association.objects.all()
        scope = base.filter(slug=association)
    reports_qs = _scoped(AnnualReport.objects.all(), "association", scope)
    if decade:
        reports_qs = reports_qs.filter(decade=decade)
    report_ids = reports_qs.values("pk")
    findings = ReportFinding.objects.filter(report__in=report_ids).exclude(
        review=ReviewStatus.REJECTED
    )
    per_decade = _reports_per_decade(scope)
    directions = list(analysis_directions())
    names = {d.code: d.name for d in directions}

    activity_rows = (
        findings.filter(kind=FindingKind.ACTIVITY)
        .values("category", "report__decade")
        .annotate(n=Count("id"))
    )
    activity: dict[str, dict[str, int]] = {d.code: dict.fromkeys(DECADES, 0) for d in directions}
    for row in activity_rows:
        activity.setdefault(row["category"], dict.fromkeys(DECADES, 0))[row["report__decade"]] = (
            row["n"]
        )
    outcome_rows = (
        findings.filter(kind=FindingKind.OUTCOME)
        .values("category", "direction__code", "report__decade")
        .annotate(n=Count("id"))
    )
    outcomes: dict[str, dict[str, dict[str, int]]] = {
        "achievement": defaultdict(lambda: dict.fromkeys(DECADES, 0)),
        "failure": defaultdict(lambda: dict.fromkeys(DECADES, 0)),
    }
    for row in outcome_rows:
        outcomes[row["category"]][row["direction__code"] or ""][row["report__decade"]] += row["n"]

    own_names = {
        fold(n)
        for pair in _scoped(Association.objects.all(), "pk", None).values_list("short_name", "name")
        for n in pair
        if n
    }
    entity_rows = (
        findings.filter(kind=FindingKind.ENTITY, category__in=["ORG", "LOC"])
        .values("category", "value")
        .annotate(n=Count("id"), reports=Count("report", distinct=True))
        .order_by("-n", "value")
    )
    partners: list[dict[str, Any]] = []
    places: list[dict[str, Any]] = []
    listed: dict[tuple[str, str], dict[str, Any]] = {}
    for row in entity_rows:
        target = partners if row["category"] == "ORG" else places
        key = (row["category"], fold(row["value"]))
        if row["category"] == "ORG" and key[1] in own_names:
            continue
        if key in listed:  # one place named once, whatever its letter case
            listed[key]["count"] += row["n"]
            listed[key]["reports"] += row["reports"]
        elif len(target) < 10:
            listed[key] = {"value": row["value"], "count": row["n"], "reports": row["reports"]}
            target.append(listed[key])

    members_rows = (
        findings.filter(kind=FindingKind.NUMBER, category="members")
        .values("report__association__short_name", "report__association__name", "report__year_from")
        .annotate(value=Max("number"))
        .order_by("report__association__name", "report__year_from")
    )
    members: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for row in members_rows:
        label = row["report__association__short_name"] or row["report__association__name"]
        members[label].append((row["report__year_from"], int(row["value"])))

    indicator_rows = (
        findings.filter(kind=FindingKind.NUMBER, category__in=["events", "participants", "money"])
        .values("category", "report__decade")
        .annotate(n=Count("id"))
    )
    indicator_mentions: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(DECADES, 0))
    for row in indicator_rows:
        indicator_mentions[row["category"]][row["report__decade"]] = row["n"]

    quotes_qs = (
        findings.filter(kind=FindingKind.OUTCOME)
        .select_related("report__association", "direction")
        .order_by("report__year_from", "start")
    )
    if direction:
        quotes_qs = quotes_qs.filter(direction__code=direction)
    quotes: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for finding in quotes_qs:
        key = (finding.category, finding.direction.code if finding.direction else "")
        if len(quotes[key]) < 5:
            quotes[key].append(_quote(finding))

    trends = []
    for d in directions:
        trend = _trend(activity[d.code], per_decade) if not decade else "unknown"
        trends.append(
            {
                "code": d.code,
                "name": d.name,
                "counts": activity[d.code],
                "total": sum(activity[d.code].values()),
                "achievements": sum(outcomes["achievement"][d.code].values()),
                "failures": sum(outcomes["failure"][d.code].values()),
                "trend": trend,
                "trend_label": str(TREND_LABELS[trend]),
            }
        )
    if direction:
        trends = [t for t in trends if t["code"] == direction]
    decades_present = [d for d in DECADES if per_decade.get(d)]
    strengths, weaknesses = _strengths_weaknesses(trends, decades_present, quotes, names)
    return {
        "reports_total": sum(per_decade.get(d, 0) for d in ([decade] if decade else DECADES)),
        "reports_per_decade": {d: per_decade.get(d, 0) for d in DECADES},
        "decade_labels": {d: str(DECADE_LABELS[d]) for d in DECADES},
        "trends": trends,
        "outcomes": {
            "achievement": {
                d: sum(v[d] for v in outcomes["achievement"].values()) for d in DECADES
            },
            "failure": {d: sum(v[d] for v in outcomes["failure"].values()) for d in DECADES},
        },
        "partners": partners,
        "places": places,
        "members": dict(members),
        "indicators": {k: dict(v) for k, v in indicator_mentions.items()},
        "strengths": strengths,
        "weaknesses": weaknesses,
        "quotes": {f"{k[0]}:{k[1]}": v for k, v in quotes.items()},
    }


def _strengths_weaknesses(
    trends: list[dict[str, Any]],
    decades_present: list[str],
    quotes: dict[tuple[str, str], list[dict[str, Any]]],
    names: dict[str, str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Strengths: directions present in every decade with reports (or in at least three)
    and with achievements. Weaknesses: directions with repeated failures, and directions
    absent for a whole decade while present in others."""
    strengths, weaknesses = [], []
    labels = {d: str(DECADE_LABELS[d]) for d in DECADES}
    for t in trends:
        present = [d for d in decades_present if t["counts"].get(d)]
        steady = bool(decades_present) and (
            len(present) == len(decades_present) or len(present) >= 3
        )
        if steady and t["achievements"]:
            strengths.append(
                {
                    "code": t["code"],
                    "name": t["name"],
                    "text": _(
                        "«%(name)s»: направление есть в отчётах всех десятилетий "
                        "(%(decades)s), отмечено достижений: %(n)s."
                    )
                    % {
                        "name": t["name"],
                        "decades": ", ".join(labels[d] for d in present),
                        "n": t["achievements"],
                    },
                    "quotes": quotes.get(("achievement", t["code"]), [])[:3],
                }
            )
        if t["failures"] >= 2:
            weaknesses.append(
                {
                    "code": t["code"],
                    "name": t["name"],
                    "text": _("«%(name)s»: повторяющиеся неудачи и проблемы (%(n)s).")
                    % {"name": t["name"], "n": t["failures"]},
                    "quotes": quotes.get(("failure", t["code"]), [])[:3],
                }
            )
        absent = [d for d in decades_present if not t["counts"].get(d)]
        if present and absent:
            weaknesses.append(
                {
                    "code": t["code"],
                    "name": t["name"],
                    "text": _("«%(name)s»: направления нет в отчётах за %(decades)s.")
                    % {"name": t["name"], "decades": ", ".join(labels[d] for d in absent)},
                    "quotes": [],
                }
            )
    return strengths, weaknesses


# ------------------------------------------------------------------ search


def report_search(
    *,
    q: str,
    user: Any,
    association: str = "",
    decade: str = "",
    direction: str = "",
) -> QuerySet[AnnualReport]:
    qs = report_list(user=user, association=association, decade=decade)
    if not q.strip():
        return qs.none()
    qs = qs.filter(search_q(q))
    if direction:
        qs = qs.filter(
            Exists(
                ReportFinding.objects.filter(
                    report=OuterRef("pk"), kind=FindingKind.ACTIVITY, category=direction
                ).exclude(review=ReviewStatus.REJECTED)
            )
        )
    return qs


def search_fragments(text: str, q: str, limit: int = 3, width: int = 90) -> list[SafeString]:
    """Up to ``limit`` pieces of ``text`` around the words matching the query, with <mark>."""
    from .analysis import highlight_terms

    terms = set(query_terms(q)) | {fold(w) for w in q.split()}
    spans = highlight_terms(text, terms)
    fragments: list[SafeString] = []
    used_until = -1
    for start, _end in spans:
        if start < used_until:
            continue
        left = max(0, start - width)
        right = min(len(text), start + width)
        inside = [(s, e) for s, e in spans if s >= left and e <= right]
        parts: list[str] = []
        cursor = left
        for s, e in inside:
            parts.append(escape(text[cursor:s]))
            parts.append(f"<mark>{escape(text[s:e])}</mark>")
            cursor = e
        parts.append(escape(text[cursor:right]))
        prefix = "…" if left > 0 else ""
        suffix = "…" if right < len(text) else ""
        fragments.append(mark_safe(prefix + "".join(parts).replace("\n", " ") + suffix))  # noqa: S308
        used_until = right
        if len(fragments) >= limit:
            break
    return fragments


def report_texts(ids: list[int]) -> dict[int, str]:
    return dict(AnnualReport.objects.filter(pk__in=ids).values_list("pk", "text"))


# ------------------------------------------------------------------ lexicon


def lexicon_entries(*, kind: str = "", direction: str = "", q: str = "") -> QuerySet[LexiconEntry]:
    qs = LexiconEntry.objects.select_related("direction", "created_by")
    if kind:
        qs = qs.filter(kind=kind)
    if direction:
        qs = qs.filter(direction__code=direction)
    if q.strip():
        qs = qs.filter(phrase__icontains=q.strip()) | qs.filter(
            lemmas__contains=" ".join(query_terms(q))
        )
    return qs.order_by("kind", "direction__order", "is_exclusion", "phrase")
