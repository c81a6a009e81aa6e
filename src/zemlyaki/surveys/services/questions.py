"""Writes of a survey's questions: their options, conditions and order."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from zemlyaki.core.actors import Actor
from zemlyaki.core.services import AuditAction, audit_record, model_snapshot
from zemlyaki.core.services import check_fields as _check_fields

from .. import answers as answer_rules
from ..models import (
    OPTION_TYPES,
    Option,
    Question,
    QuestionType,
    Survey,
)
from .base import QUESTION_FIELDS

# ---------------------------------------------------------------- questions


def _resolve_condition_value(question: Question) -> None:
    """Conditions on a choice question store the option id; accept its title too."""
    source = question.condition_question
    if source is None or not question.condition_op:
        question.condition_question = None
        question.condition_op = ""
        question.condition_value = ""
        return
    value = question.condition_value.strip()
    if source.type in OPTION_TYPES:
        options = list(source.options.filter(is_row=False))
        match = [o for o in options if str(o.pk) == value] or [
            o for o in options if o.title.casefold().strip() == value.casefold()
        ]
        if not match and not source.has_other:
            raise ValidationError(
                {
                    "condition_value": _("У вопроса «%(q)s» нет варианта «%(v)s».")
                    % {"q": source.title, "v": value}
                }
            )
        if match:
            value = str(match[0].pk)
    question.condition_value = value


def _validate_question(question: Question, options: list[str], rows: list[str]) -> None:
    errors: dict[str, list[str]] = {}
    try:
        question.full_clean(exclude=["survey", "condition_question"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    kind = question.type
    if kind in OPTION_TYPES and not options:
        errors.setdefault("options", []).append(_("Укажите хотя бы один вариант ответа."))
    if kind == QuestionType.MATRIX and not rows:
        errors.setdefault("rows", []).append(_("Укажите хотя бы одну строку матрицы."))
    if kind in (QuestionType.NUMBER, QuestionType.SCALE):
        low, high = question.min_value, question.max_value
        if low is not None and high is not None and low > high:
            errors.setdefault("max_value", []).append(_("Наибольшее значение меньше наименьшего."))
    if kind == QuestionType.SCALE:
        low, high = answer_rules.scale_bounds(question)
        if low not in (0, 1) or high > 10 or high <= low:
            errors.setdefault("max_value", []).append(
                _("Шкала — от 0 или 1 до значения не больше 10.")
            )
    if question.max_choices is not None and kind not in (
        QuestionType.MULTIPLE,
        QuestionType.COMPETENCIES,
        QuestionType.INTERESTS,
    ):
        question.max_choices = None
    if question.has_other and kind not in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        question.has_other = False
    source = question.condition_question
    if source is not None:
        if source.survey_id != question.survey_id:
            errors.setdefault("condition_question", []).append(
                _("Условие может ссылаться только на вопрос этой анкеты.")
            )
        elif question.pk and source.pk == question.pk:
            errors.setdefault("condition_question", []).append(
                _("Вопрос не может зависеть от самого себя.")
            )
        elif (source.page, source.position, source.pk) >= (
            question.page,
            question.position,
            question.pk or 10**12,
        ):
            errors.setdefault("condition_question", []).append(
                _("Условие может ссылаться только на вопрос, который стоит раньше.")
            )
        if not question.condition_op:
            errors.setdefault("condition_op", []).append(_("Выберите условие."))
    if errors:
        raise ValidationError(errors)


def _sync_options(
    question: Question,
    titles: list[str],
    *,
    is_row: bool,
    answered: bool,
    refs: list[str] | None = None,
) -> None:
    """Options are matched by position: line N renames option N, extra lines add options,
    missing lines remove options (refused once the question has answers)."""
    existing = list(question.options.filter(is_row=is_row).order_by("position", "id"))
    if len(titles) < len(existing) and answered:
        removed = ", ".join(f"«{o.title}»" for o in existing[len(titles) :])
        raise ValidationError(
            {
                "rows" if is_row else "options": _(
                    "На вопрос уже ответили: удалить %(what)s %(items)s нельзя — ответы "
                    "потеряли бы смысл. Можно переименовать вариант или добавить новый."
                )
                % {"what": _("строки") if is_row else _("варианты"), "items": removed}
            },
            code="answered",
        )
    for index, title in enumerate(titles):
        ref = refs[index] if refs and index < len(refs) else None
        if index < len(existing):
            option = existing[index]
            changed = option.title != title or option.position != index
            option.title = title
            option.position = index
            if ref is not None and option.ref != ref:
                option.ref = ref
                changed = True
            if changed:
                option.full_clean(exclude=["question"])
                option.save()
        else:
            option = Option(
                question=question, title=title, position=index, is_row=is_row, ref=ref or ""
            )
            option.full_clean(exclude=["question"])
            option.save()
    for option in existing[len(titles) :]:
        option.delete()


def _clean_lines(values: Iterable[str]) -> list[str]:
    return [v.strip() for v in values if v and v.strip()]


@transaction.atomic
def question_create(
    *,
    actor: Actor | None,
    survey: Survey,
    options: Iterable[str] = (),
    rows: Iterable[str] = (),
    option_refs: list[str] | None = None,
    **fields: Any,
) -> Question:
    _check_fields(fields, QUESTION_FIELDS)
    options, rows = _clean_lines(options), _clean_lines(rows)
    question = Question(survey=survey, **fields)
    last = survey.questions.filter(page=question.page).aggregate(m=Max("position"))["m"]
    question.position = (last or 0) + 1
    _resolve_condition_value(question)
    _validate_question(question, options, rows)
    question.save()
    if question.type in OPTION_TYPES:
        _sync_options(question, options, is_row=False, answered=False, refs=option_refs)
    if question.type == QuestionType.MATRIX:
        _sync_options(question, rows, is_row=True, answered=False)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=question,
        after={**model_snapshot(question), "options": options, "rows": rows},
    )
    return question


@transaction.atomic
def question_update(
    *,
    actor: Actor | None,
    question: Question,
    options: Iterable[str] | None = None,
    rows: Iterable[str] | None = None,
    **fields: Any,
) -> Question:
    _check_fields(fields, QUESTION_FIELDS)
    question = Question.objects.select_for_update().get(pk=question.pk)
    answered = question.answers.exists()
    before = {
        **model_snapshot(question),
        "options": [o.title for o in question.options.filter(is_row=False)],
        "rows": [o.title for o in question.options.filter(is_row=True)],
    }
    if answered and "type" in fields and fields["type"] != question.type:
        raise ValidationError(
            {
                "type": _(
                    "На вопрос уже ответили: тип вопроса изменить нельзя — ответы потеряли бы "
                    "смысл. Создайте новый вопрос."
                )
            },
            code="answered",
        )
    if "page" in fields and fields["page"] != question.page:
        last = question.survey.questions.filter(page=fields["page"]).aggregate(m=Max("position"))
        question.position = (last["m"] or 0) + 1
    for key, value in fields.items():
        setattr(question, key, value)
    option_list = _clean_lines(options) if options is not None else before["options"]
    row_list = _clean_lines(rows) if rows is not None else before["rows"]
    _resolve_condition_value(question)
    _validate_question(question, option_list, row_list)
    question.save()
    if question.type in OPTION_TYPES and options is not None:
        _sync_options(question, option_list, is_row=False, answered=answered)
    if question.type == QuestionType.MATRIX and rows is not None:
        _sync_options(question, row_list, is_row=True, answered=answered)
    if question.type not in OPTION_TYPES:
        question.options.all().delete()
    after = {
        **model_snapshot(question),
        "options": [o.title for o in question.options.filter(is_row=False)],
        "rows": [o.title for o in question.options.filter(is_row=True)],
    }
    if after != before:
        audit_record(
            actor=actor, action=AuditAction.UPDATE, instance=question, before=before, after=after
        )
    return question


@transaction.atomic
def question_delete(*, actor: Actor | None, question: Question) -> None:
    if question.answers.exists():
        raise ValidationError(
            _("На вопрос уже ответили: удалить его нельзя — ответы потеряли бы смысл."),
            code="answered",
        )
    if question.dependents.exists():
        raise ValidationError(
            _("От этого вопроса зависит показ других вопросов: сначала измените их условия."),
            code="dependents",
        )
    audit_record(
        actor=actor, action=AuditAction.DELETE, instance=question, before=model_snapshot(question)
    )
    question.delete()


@transaction.atomic
def question_move(*, actor: Actor | None, question: Question, direction: str) -> Question:
    """Swap a question with its neighbour on the same page ("up" or "down")."""
    survey = question.survey
    siblings = list(
        Question.objects.select_for_update()
        .filter(survey=survey, page=question.page)
        .order_by("position", "id")
    )
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    other_index = index - 1 if direction == "up" else index + 1
    if not 0 <= other_index < len(siblings):
        return question
    siblings[index], siblings[other_index] = siblings[other_index], siblings[index]
    moved = siblings[other_index]
    # A question must stay after the one its condition refers to, and before its dependents.
    order = {q.pk: n for n, q in enumerate(siblings)}
    for q in siblings:
        cond = q.condition_question_id
        if cond in order and order[cond] > order[q.pk]:
            raise ValidationError(
                _("Вопрос «%(q)s» показывается по ответу на «%(c)s» и должен стоять после него.")
                % {"q": q.title, "c": next(s.title for s in siblings if s.pk == cond)},
                code="order",
            )
    for n, q in enumerate(siblings, start=1):
        if q.position != n:
            Question.objects.filter(pk=q.pk).update(position=n)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=moved,
        after={"position": order[moved.pk] + 1},
        comment="move",
    )
    moved.refresh_from_db()
    return moved
