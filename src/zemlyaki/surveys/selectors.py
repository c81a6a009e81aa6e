"""Reads of the questionnaires: lists, results per question, export rows."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from zemlyaki.core.text import search_q

from .answers import scale_bounds
from .models import (
    ChangeStatus,
    Invitation,
    Option,
    ProfileChange,
    ProfileField,
    Question,
    QuestionType,
    Response,
    ResponseStatus,
    Survey,
)
from .vocab import vocabulary_terms


def survey_list(*, user: Any, q: str = "", state: str = "") -> QuerySet[Survey]:
    """Questionnaires the user manages (all for a coordinator, their associations' for a leader)."""
    qs = (
        Survey.objects.managed_by(user)
        .select_related("association")
        .annotate(
            submitted=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED))
        )
    )
    if q.strip():
        qs = qs.filter(search_q(q))
    if state == "published":
        qs = qs.filter(is_published=True)
    elif state == "draft":
        qs = qs.filter(is_published=False)
    return qs.order_by("-created_at", "-id")


def open_surveys(today: datetime.date) -> QuerySet[Survey]:
    """Published anonymous questionnaires open today (the public list)."""
    return (
        Survey.objects.filter(is_published=True, mode="anonymous")
        .filter(Q(opens_on__isnull=True) | Q(opens_on__lte=today))
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        .order_by("closes_on", "title")
    )


def survey_questions(survey: Survey) -> list[Question]:
    return list(
        survey.questions.select_related("condition_question")
        .prefetch_related(
            Prefetch("options", queryset=Option.objects.order_by("is_row", "position", "id"))
        )
        .order_by("page", "position", "id")
    )


def submitted_responses(
    survey: Survey, *, association: Any = None, region: Any = None
) -> QuerySet[Response]:
    qs = survey.responses.filter(status=ResponseStatus.SUBMITTED)
    if association is not None:
        qs = qs.filter(association=association)
    if region is not None:
        qs = qs.filter(home_region=region)
    return qs


@dataclass
class Bar:
    label: str
    count: int
    share: float
    key: Any = None


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    kind: str = "text"  # bars | histogram | matrix | text | date
    bars: list[Bar] = field(default_factory=list)
    matrix: list[tuple[str, list[int]]] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    mean: float | None = None


def _share(count: int, total: int) -> float:
    return round(count / total, 4) if total else 0.0


def _histogram(values: list[float], question: Question) -> list[tuple[str, int, Any]]:
    if question.type == QuestionType.SCALE:
        first, last = scale_bounds(question)
        points = Counter(int(v) for v in values)
        return [(str(n), points.get(n, 0), n) for n in range(first, last + 1)]
    if not values:
        return []
    distinct = sorted(set(values))
    if len(distinct) <= 12:
        exact = Counter(values)
        return [(_num(v), exact[v], v) for v in distinct]
    low, high = min(values), max(values)
    step = (high - low) / 10
    bins = [0] * 10
    for v in values:
        bins[min(int((v - low) / step), 9)] += 1
    return [(f"{_num(low + i * step)}–{_num(low + (i + 1) * step)}", bins[i], i) for i in range(10)]


def _num(value: float) -> str:
    value = round(value, 2)
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def survey_results(
    survey: Survey, *, association: Any = None, region: Any = None, text_query: str = ""
) -> tuple[int, list[QuestionResult]]:
    """The number of submitted responses and, per question, counts and shares."""
    from .models import Answer

    responses = submitted_responses(survey, association=association, region=region)
    total = responses.count()
    questions = survey_questions(survey)
    results = {q.pk: QuestionResult(question=q) for q in questions}
    values: dict[int, list[Any]] = {q.pk: [] for q in questions}
    answers = Answer.objects.filter(response__in=responses.values("pk")).values_list(
        "question_id", "value"
    )
    for qid, value in answers.iterator(chunk_size=5000):
        if qid in values:
            values[qid].append(value)
    matching_text: set[tuple[int, int]] | None = None
    if text_query.strip():
        matching_text = set(
            Answer.objects.filter(response__in=responses.values("pk"))
            .filter(search_q(text_query))
            .values_list("question_id", "pk")
        )
    text_rows: dict[int, list[str]] = {}
    if any(q.type in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT) for q in questions):
        text_qs = Answer.objects.filter(
            response__in=responses.values("pk"),
            question__type__in=[QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT],
        )
        if matching_text is not None:
            text_qs = text_qs.filter(pk__in=[pk for _q, pk in matching_text])
        for qid, value in text_qs.order_by("response_id").values_list("question_id", "value"):
            text_rows.setdefault(qid, []).append(str(value))
    for q in questions:
        result = results[q.pk]
        items = values[q.pk]
        result.answered = len(items)
        if q.type in (QuestionType.SINGLE, QuestionType.MULTIPLE, *_VOCAB):
            result.kind = "bars"
            counts: Counter[Any] = Counter()
            other = 0
            for v in items:
                for item in v if isinstance(v, list) else [v]:
                    if isinstance(item, int):
                        counts[item] += 1
                    else:
                        other += 1
            if q.type in _VOCAB:
                choices = [(pk, title) for pk, title, _s in vocabulary_terms(q.type)]
                result.bars = [
                    Bar(title, counts[pk], _share(counts[pk], result.answered), pk)
                    for pk, title in choices
                    if counts[pk]
                ]
                result.bars.sort(key=lambda b: -b.count)
            else:
                result.bars = [
                    Bar(o.title, counts[o.pk], _share(counts[o.pk], result.answered), o.pk)
                    for o in q.options.all()
                    if not o.is_row
                ]
            if len(result.bars) > LONG_LIST:
                # Long lists (regions, associations): only what was chosen, most chosen first.
                result.bars = sorted((b for b in result.bars if b.count), key=lambda b: -b.count)
            if q.has_other:
                result.bars.append(Bar(_("Другое"), other, _share(other, result.answered), "other"))
                result.texts = [
                    item
                    for v in items
                    for item in (v if isinstance(v, list) else [v])
                    if isinstance(item, str)
                ]
        elif q.type in (QuestionType.SCALE, QuestionType.NUMBER):
            result.kind = "histogram"
            numbers = [float(v) for v in items if isinstance(v, int | float)]
            result.bars = [
                Bar(label, count, _share(count, len(numbers)), key)
                for label, count, key in _histogram(numbers, q)
            ]
            result.mean = round(sum(numbers) / len(numbers), 2) if numbers else None
        elif q.type == QuestionType.MATRIX:
            result.kind = "matrix"
            columns = [o for o in q.options.all() if not o.is_row]
            rows = [o for o in q.options.all() if o.is_row]
            result.columns = [c.title for c in columns]
            cell: Counter[tuple[str, int]] = Counter()
            for v in items:
                if isinstance(v, dict):
                    for row_id, option_id in v.items():
                        cell[(str(row_id), option_id)] += 1
            result.matrix = [(r.title, [cell[(str(r.pk), c.pk)] for c in columns]) for r in rows]
        elif q.type == QuestionType.DATE:
            result.kind = "date"
            result.texts = sorted(str(v) for v in items)
        else:
            result.kind = "text"
            result.texts = text_rows.get(q.pk, [])
    return total, [results[q.pk] for q in questions]


_VOCAB = (QuestionType.COMPETENCIES, QuestionType.INTERESTS)
LONG_LIST = 15


def response_rates(survey: Survey) -> list[dict[str, Any]]:
    """Invited and answered per association, for personal questionnaires."""
    rows = (
        Invitation.objects.filter(survey=survey)
        .values("association_id", "association__name", "association__short_name")
        .annotate(
            invited=Count("id"),
            answered=Count("id", filter=Q(response__status=ResponseStatus.SUBMITTED)),
        )
        .order_by("association__name")
    )
    result = []
    for row in rows:
        name = row["association__short_name"] or row["association__name"] or _("Без землячества")
        result.append(
            {
                "association": name,
                "invited": row["invited"],
                "answered": row["answered"],
                "rate": _share(row["answered"], row["invited"]),
            }
        )
    return result


def invitation_list(survey: Survey) -> QuerySet[Invitation]:
    return survey.invitations.select_related("person", "association", "response").order_by(
        "person__last_name", "person__first_name"
    )


def profile_change_list(
    *, status: str = "", survey: Survey | None = None
) -> QuerySet[ProfileChange]:
    qs = ProfileChange.objects.select_related(
        "response__survey", "person", "association", "decided_by"
    )
    if status:
        qs = qs.filter(status=status)
    if survey is not None:
        qs = qs.filter(response__survey=survey)
    return qs.order_by("-created_at", "-id")


def pending_change_count() -> int:
    return ProfileChange.objects.filter(status=ChangeStatus.PENDING).count()


# ---------------------------------------------------------------- export rows


def answer_display(question: Question, value: Any, vocab: dict[int, str] | None = None) -> Any:
    """The value as a person reads it: titles instead of ids, numbers as numbers."""
    if value is None:
        return None
    options = {o.pk: o.title for o in question.options.all() if not o.is_row}
    rows = {str(o.pk): o.title for o in question.options.all() if o.is_row}
    kind = question.type
    if kind == QuestionType.SINGLE:
        return (
            options.get(value, "") if isinstance(value, int) else _("Другое: %(t)s") % {"t": value}
        )
    if kind == QuestionType.MULTIPLE:
        return "; ".join(
            options.get(v, "") if isinstance(v, int) else _("Другое: %(t)s") % {"t": v}
            for v in value
        )
    if kind in _VOCAB:
        names = vocab or {}
        return "; ".join(names.get(v, str(v)) for v in value)
    if kind == QuestionType.MATRIX:
        return "; ".join(f"{rows.get(str(r), r)}: {options.get(c, '')}" for r, c in value.items())
    if kind == QuestionType.DATE:
        return datetime.date.fromisoformat(value)
    return value


def export_rows(
    survey: Survey, *, association: Any = None, region: Any = None
) -> tuple[list[Question], list[dict[str, Any]]]:
    """The questions and one row per submitted response: meta fields and answers by question."""
    questions = survey_questions(survey)
    vocab: dict[int, str] = {}
    for kind in _VOCAB:
        if any(q.type == kind for q in questions):
            vocab.update({pk: title for pk, title, _s in vocabulary_terms(kind)})
    responses = (
        submitted_responses(survey, association=association, region=region)
        .select_related("association", "home_region", "invitation__person")
        .prefetch_related("answers")
        .order_by("submitted_at", "pk")
    )
    by_id = {q.pk: q for q in questions}
    rows = []
    for number, response in enumerate(responses, start=1):
        answers = {a.question_id: a.value for a in response.answers.all()}
        rows.append(
            {
                "number": number,
                "submitted_at": response.submitted_at,
                "association": str(response.association) if response.association else "",
                "home_region": str(response.home_region) if response.home_region else "",
                "person": str(response.invitation.person) if response.invitation else "",
                "answers": {
                    qid: answer_display(by_id[qid], value, vocab)
                    for qid, value in answers.items()
                    if qid in by_id
                },
            }
        )
    return questions, rows


# Questions that make an anonymous answer personal data: a name or a contact.
IDENTITY_FIELDS = [
    ProfileField.LAST_NAME,
    ProfileField.FIRST_NAME,
    ProfileField.PATRONYMIC,
    ProfileField.PHONE,
    ProfileField.EMAIL,
]


def asks_identity(survey: Survey) -> bool:
    """Whether the questionnaire asks a name or a contact: an anonymous answer then needs
    consent to the processing of personal data (152-FZ)."""
    return survey.questions.filter(profile_field__in=IDENTITY_FIELDS).exists()


def invitation_recipients(
    *, user: Any, source: str, association: Any = None, body: Any = None, q: str = ""
) -> tuple[list[Any], Any]:
    """Whom an invitation goes to — the members of an association or of a body, or the
    people a search finds (as the user may search them) — and the association the answers
    count for (the association's own, else each person's first membership)."""
    from django.db.models import Prefetch

    from zemlyaki.people.models import Membership, Person

    memberships = Prefetch(
        "memberships", queryset=Membership.objects.select_related("association").order_by("pk")
    )
    if source == "association":
        qs = Person.objects.filter(memberships__association=association, erased_at__isnull=True)
        return list(qs.prefetch_related(memberships).order_by("pk").distinct()), association
    if source == "body":
        qs = Person.objects.filter(body_memberships__body=body, erased_at__isnull=True)
        return list(qs.prefetch_related(memberships).order_by("pk").distinct()), None
    from zemlyaki.people.selectors import person_search

    found, _terms = person_search(user=user, q=q)
    return list(found.prefetch_related(memberships)[:2000]), None
