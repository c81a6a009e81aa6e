"""How an answer turns into points: pure arithmetic over criteria and reviewed answers.

An answer's share of its criterion is a fraction from 0 to 1: yes — 1, no — 0; a level
— level / highest level; a number — the share of thresholds it reaches. Only accepted
answers count (a lowered one with the value the reviewer accepted); a returned or
unreviewed answer counts 0. Scores are kept as exact fractions.
"""

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .models import AnswerKind, ReviewStatus


def value_share(criterion: Any, value: Decimal | None) -> Fraction:
    if value is None:
        return Fraction(0)
    number = Fraction(Decimal(value))
    if criterion.answer_kind == AnswerKind.YES_NO:
        return Fraction(1) if number >= 1 else Fraction(0)
    if criterion.answer_kind == AnswerKind.LEVEL:
        return min(max(number, Fraction(0)) / criterion.max_value, Fraction(1))
    thresholds = criterion.thresholds or []
    if not thresholds:
        return Fraction(1) if number > 0 else Fraction(0)
    reached = sum(1 for t in thresholds if number >= Fraction(Decimal(str(t))))
    return Fraction(reached, len(thresholds))


def counted_value(answer: Any) -> Decimal | None:
    """The value an answer counts with, or None when it does not count."""
    if answer.review_status == ReviewStatus.ACCEPTED:
        value: Decimal | None = answer.value
        return value
    if answer.review_status == ReviewStatus.LOWERED:
        accepted: Decimal | None = answer.accepted_value
        return accepted
    return None


def answer_points(answer: Any) -> Fraction:
    return answer.criterion.weight * value_share(answer.criterion, counted_value(answer))


def score(criteria: Iterable[Any], answers: Iterable[Any]) -> dict[str, Any]:
    """``{"overall": Fraction, "blocks": {block: Fraction}}`` — points as a share of the
    maximum, per block and overall; a block without weight scores 0."""
    by_criterion = {a.criterion_id: a for a in answers}
    got: dict[str, Fraction] = {}
    top: dict[str, int] = {}
    for criterion in criteria:
        top[criterion.block] = top.get(criterion.block, 0) + criterion.weight
        answer = by_criterion.get(criterion.pk)
        points = answer_points(answer) if answer is not None else Fraction(0)
        got[criterion.block] = got.get(criterion.block, Fraction(0)) + points
    blocks = {b: (got[b] / top[b] if top[b] else Fraction(0)) for b in top}
    total_top = sum(top.values())
    overall = sum(got.values(), Fraction(0)) / total_top if total_top else Fraction(0)
    return {"overall": overall, "blocks": blocks}


def percent(share: Fraction) -> float:
    """A share as a percentage with one decimal, for display."""
    return round(float(share * 100), 1)
