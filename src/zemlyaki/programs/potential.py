"""A direction's potential, computed from what the platform already knows: report
findings classified to it (by year and decade), people whose competencies or interests
match its vocabulary (counts only, people with a recorded consent), events held on its
subject, and programs with their resources. Nothing here is typed by hand."""

from collections import Counter
from typing import Any

from django.db.models import Count, Q

from zemlyaki.core.text import lemma, search_q, words
from zemlyaki.directions.models import Direction
from zemlyaki.directions.selectors import descendant_ids
from zemlyaki.events.models import Event, EventStatus
from zemlyaki.people.models import Competency, Interest, Person
from zemlyaki.reports.models import (
    DECADES,
    FindingKind,
    LexiconEntry,
    LexiconKind,
    ReportFinding,
    ReviewStatus,
)

from .balance import balance_of_programs
from .selectors import programs_of_direction

SHORTEST_WORD = 4


def vocabulary(ids: list[int]) -> list[str]:
    """The lexicon's phrases for these directions (not exclusions), else their names."""
    phrases = list(
        LexiconEntry.objects.filter(
            direction__in=ids, kind=LexiconKind.DIRECTION, is_exclusion=False
        ).values_list("phrase", flat=True)
    )
    if not phrases:
        phrases = list(Direction.objects.filter(pk__in=ids).values_list("name", flat=True))
    return sorted(set(phrases))


def _any_phrase(phrases: list[str], field: str) -> Q:
    condition = Q(pk__in=[])
    for phrase in phrases:
        if any(len(w) >= SHORTEST_WORD for w in words(phrase)):
            condition |= search_q(phrase, field)
    return condition


def _significant(text: str) -> set[str]:
    """The lemmas of a text's words long enough to mean something («с», «и» do not)."""
    return {lemma(w) for w in words(text) if len(w) >= SHORTEST_WORD}


def matching_terms(model: type[Competency] | type[Interest], phrases: list[str]) -> list[int]:
    """Vocabulary terms (with their synonyms) that contain every significant word of a
    phrase in any of its forms: «работа с молодёжью» matches «Молодёжь: работа и досуг»,
    while «спорт» does not match «транспорт» (word forms, not substrings). The
    vocabulary is a few hundred terms, so it is read whole."""
    wanted = [words_ for words_ in (_significant(p) for p in phrases) if words_]
    found = []
    for pk, name, synonyms in model.objects.values_list("pk", "name", "synonyms"):
        have = _significant(f"{name} {synonyms}")
        if any(phrase <= have for phrase in wanted):
            found.append(pk)
    return found


def direction_potential(direction: Direction) -> dict[str, Any]:
    ids = descendant_ids(direction)
    phrases = vocabulary(ids)
    findings = ReportFinding.objects.filter(direction__in=ids, kind=FindingKind.ACTIVITY).exclude(
        review=ReviewStatus.REJECTED
    )
    by_year = dict(
        findings.values_list("report__year_from")
        .annotate(n=Count("pk"))
        .order_by("report__year_from")
        .values_list("report__year_from", "n")
    )
    decades: Counter[str] = Counter()
    for row in findings.values("report__decade").annotate(n=Count("pk")):
        decades[row["report__decade"]] += row["n"]
    consenting = Person.objects.filter(consents__withdrawn_on__isnull=True)
    competent = (
        consenting.filter(competencies__in=matching_terms(Competency, phrases))
        .values("pk")
        .distinct()
        .count()
    )
    interested = (
        consenting.filter(interests__in=matching_terms(Interest, phrases))
        .values("pk")
        .distinct()
        .count()
    )
    events = Event.objects.filter(status=EventStatus.HELD).filter(
        _any_phrase(phrases, "search_text")
    )
    programs = programs_of_direction(direction)
    return {
        "findings_total": sum(by_year.values()),
        "findings_by_year": by_year,
        "findings_by_decade": [(d, decades.get(d, 0)) for d in DECADES],
        "people_competent": competent,
        "people_interested": interested,
        "events_held": events.count(),
        "programs": list(programs.order_by("title")),
        "balance": balance_of_programs(programs),
        "vocabulary": phrases,
    }
