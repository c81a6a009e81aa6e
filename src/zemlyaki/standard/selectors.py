"""Reads of the standard: scores, the ranking of a year, an association's history and
the advice that follows from it."""

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import Prefetch, QuerySet

from zemlyaki.registry.models import Association, AssociationStatus

from .models import (
    Answer,
    Assessment,
    AssessmentStatus,
    Block,
    Criterion,
    ReviewStatus,
    StandardVersion,
    VersionStatus,
)
from .scoring import counted_value, percent, score, value_share


def version_in_force() -> StandardVersion | None:
    return StandardVersion.objects.filter(status=VersionStatus.IN_FORCE).first()


def version_criteria(version: StandardVersion) -> QuerySet[Criterion]:
    return version.criteria.order_by("order", "pk")


def criteria_by_block(version: StandardVersion) -> list[tuple[str, str, list[Criterion]]]:
    groups: dict[str, list[Criterion]] = {}
    for criterion in version_criteria(version):
        groups.setdefault(criterion.block, []).append(criterion)
    return [(b.value, str(b.label), groups[b.value]) for b in Block if b.value in groups]


def assessment_list(*, year: int | None = None, association: Any = None) -> QuerySet[Assessment]:
    items = Assessment.objects.select_related("association", "version")
    if year:
        items = items.filter(year=year)
    if association is not None:
        items = items.filter(association=association)
    return items.order_by("-year", "association__name")


def assessment_with_answers(pk: int) -> Assessment | None:
    answers = Answer.objects.select_related("criterion").prefetch_related(
        "evidence", "messages__author"
    )
    return (
        Assessment.objects.select_related("association", "version")
        .prefetch_related(Prefetch("answers", queryset=answers))
        .filter(pk=pk)
        .first()
    )


def review_queue() -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(status=AssessmentStatus.SUBMITTED)
        .select_related("association")
        .order_by("submitted_at")
    )


def assessment_score(assessment: Assessment) -> dict[str, Any]:
    criteria = list(assessment.version.criteria.all())
    answers = list(assessment.answers.select_related("criterion").all())
    return score(criteria, answers)


@dataclass
class RankRow:
    rank: int
    association: Any
    assessment: Assessment
    overall: Fraction
    blocks: dict[str, Fraction] = field(default_factory=dict)

    @property
    def percent(self) -> float:
        return percent(self.overall)

    def block_percents(self) -> list[tuple[str, float]]:
        return [(str(b.label), percent(self.blocks.get(b.value, Fraction(0)))) for b in Block]


def _submitted(year: int) -> list[Assessment]:
    answers = Answer.objects.select_related("criterion")
    return list(
        Assessment.objects.filter(year=year)
        .exclude(status=AssessmentStatus.DRAFT)
        .select_related("association", "version")
        .prefetch_related(Prefetch("answers", queryset=answers), "version__criteria")
    )


def ranking(year: int) -> dict[str, Any]:
    """``rows`` (submitted assessments by score; equal scores share a rank, the next
    rank skips: 1, 1, 3) and ``missing`` (active associations that did not submit)."""
    scored = []
    for assessment in _submitted(year):
        result = score(assessment.version.criteria.all(), assessment.answers.all())
        scored.append((assessment, result))
    scored.sort(key=lambda item: (-item[1]["overall"], item[0].association.name))
    rows: list[RankRow] = []
    for index, (assessment, result) in enumerate(scored):
        rank = rows[-1].rank if rows and rows[-1].overall == result["overall"] else index + 1
        rows.append(
            RankRow(rank, assessment.association, assessment, result["overall"], result["blocks"])
        )
    done = {row.association.pk for row in rows}
    missing = list(
        Association.objects.filter(status=AssociationStatus.ACTIVE)
        .exclude(pk__in=done)
        .order_by("name")
    )
    return {"year": year, "rows": rows, "missing": missing}


def history(association: Any) -> list[dict[str, Any]]:
    """The association's submitted assessments by year, with scores per block."""
    rows = []
    for assessment in _submitted_of(association):
        result = score(assessment.version.criteria.all(), assessment.answers.all())
        rows.append({"assessment": assessment, "year": assessment.year, **result})
    return rows


def _submitted_of(association: Any) -> list[Assessment]:
    answers = Answer.objects.select_related("criterion")
    return list(
        Assessment.objects.filter(association=association)
        .exclude(status=AssessmentStatus.DRAFT)
        .select_related("version")
        .prefetch_related(Prefetch("answers", queryset=answers), "version__criteria")
        .order_by("year")
    )


def weakest_blocks(association: Any, count: int = 2) -> list[tuple[str, Fraction]]:
    """The lowest-scoring blocks of the association's latest submitted assessment."""
    rows = history(association)
    if not rows:
        return []
    blocks = rows[-1]["blocks"]
    return sorted(blocks.items(), key=lambda item: (item[1], item[0]))[:count]


def learn_from_neighbours(
    association: Any, limit: int = 3, may_compare: Any = None
) -> list[dict[str, Any]]:
    """For each criterion of the weakest blocks where the association fell short, the
    associations that scored best on it in the same year ("learn from a neighbour").

    ``may_compare(year)`` says whether the reader may see other associations' results of
    that year (before the ranking is published only the coordinator and the control body
    may); when it says no, ``best`` stays empty and ``hidden`` is set."""
    rows = history(association)
    if not rows:
        return []
    latest = rows[-1]["assessment"]
    hidden = may_compare is not None and not may_compare(latest.year)
    weak = {block for block, _share in weakest_blocks(association)}
    advice = []
    for answer in latest.answers.all():
        criterion = answer.criterion
        own = value_share(criterion, counted_value(answer))
        if criterion.block not in weak or own >= 1:
            continue
        if hidden:
            advice.append({"criterion": criterion, "own": percent(own), "best": [], "hidden": True})
            continue
        others = (
            Answer.objects.filter(
                criterion=criterion,
                assessment__year=latest.year,
                review_status__in=[ReviewStatus.ACCEPTED, ReviewStatus.LOWERED],
            )
            .exclude(assessment__association=association)
            .exclude(assessment__status=AssessmentStatus.DRAFT)
            .select_related("assessment__association", "criterion")
        )
        best = sorted(
            ((value_share(criterion, counted_value(a)), a.assessment.association) for a in others),
            key=lambda item: (-item[0], item[1].name),
        )
        best = [(s, a) for s, a in best if s > own][:limit]
        advice.append(
            {
                "criterion": criterion,
                "own": percent(own),
                "best": [{"association": a, "percent": percent(s)} for s, a in best],
                "hidden": False,
            }
        )
    return advice


def score_percent(association: Any, year: int) -> float:
    """The association's overall score for the year in percent (0 when not submitted);
    for no association, the average over those that submitted."""
    if association is None:
        rows = ranking(year)["rows"]
        if not rows:
            return 0.0
        return percent(sum((r.overall for r in rows), Fraction(0)) / len(rows))
    assessment = (
        Assessment.objects.filter(association=association, year=year)
        .exclude(status=AssessmentStatus.DRAFT)
        .select_related("version")
        .first()
    )
    if assessment is None:
        return 0.0
    return percent(assessment_score(assessment)["overall"])
