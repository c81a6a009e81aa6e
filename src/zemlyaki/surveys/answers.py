"""What an answer may be: normalisation and validation of answers, display conditions.

The answering page, the API and the services use these same functions, so a value
refused on the page is refused by the API with the same Russian message.

Normalised values (as in the API): text → ``str``; number and scale → ``int`` or
``float``; date → ISO ``str``; single choice → option id (``int``) or the text of
«другое»; multiple choice and vocabulary pickers → list of ids (plus, for «другое»,
one ``str``); matrix → ``{"<row id>": option id}``.
"""

import datetime
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from zemlyaki.core.templatetags.zemlyaki import plural_form
from zemlyaki.core.text import fold

from .models import ConditionOp, ProfileField, Question, QuestionType

SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 5000
OTHER_MAX = 500


def scale_bounds(question: Question) -> tuple[int, int]:
    low = int(question.min_value) if question.min_value is not None else 1
    high = int(question.max_value) if question.max_value is not None else 5
    return low, high


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def _choices_message(n: int) -> str:
    return _("Можно выбрать не больше %(n)s %(word)s.") % {
        "n": n,
        "word": plural_form(n, (_("варианта"), _("вариантов"), _("вариантов"))),
    }


def _is_empty(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple | dict):
        return len(raw) == 0 or all(
            _is_empty(v) for v in (raw.values() if isinstance(raw, dict) else raw)
        )
    return False


def _as_id(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw.strip())
    return None


class QuestionContext:
    """Everything validation needs about a question, read once per request."""

    def __init__(self, question: Question, vocabulary: Mapping[int, str] | None = None) -> None:
        self.question = question
        options = list(question.options.all())
        self.options = {o.pk: o for o in options if not o.is_row}
        self.rows = {o.pk: o for o in options if o.is_row}
        self.vocabulary = vocabulary or {}


def clean_value(ctx: QuestionContext, raw: Any) -> tuple[Any, str]:
    """The normalised value and the «другое» text; raises ValidationError (one message)."""
    q = ctx.question
    if _is_empty(raw):
        if q.required:
            if q.type == QuestionType.MATRIX:
                raise ValidationError(_("Ответьте по каждой строке."), code="required")
            raise ValidationError(_("Это обязательный вопрос."), code="required")
        return None, ""
    kind = q.type
    if kind in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
        if not isinstance(raw, str | int | float) or isinstance(raw, bool):
            raise ValidationError(_("Нужен текст."), code="type")
        text = str(raw).strip()
        limit = SHORT_TEXT_MAX if kind == QuestionType.SHORT_TEXT else LONG_TEXT_MAX
        if len(text) > limit:
            raise ValidationError(
                _("Слишком длинный ответ: не более %(n)s символов.") % {"n": limit}, code="long"
            )
        _check_profile_format(q, text)
        return text, ""
    if kind in (QuestionType.NUMBER, QuestionType.SCALE):
        return _clean_number(q, raw), ""
    if kind == QuestionType.DATE:
        return _clean_date(raw), ""
    if kind == QuestionType.SINGLE:
        return _clean_single(ctx, raw)
    if kind == QuestionType.MULTIPLE:
        return _clean_multiple(ctx, raw, ctx.options)
    if kind in (QuestionType.COMPETENCIES, QuestionType.INTERESTS):
        value, _other = _clean_multiple(ctx, raw, ctx.vocabulary, allow_other=False)
        return value, ""
    if kind == QuestionType.MATRIX:
        return _clean_matrix(ctx, raw), ""
    raise ValidationError(_("Неизвестный тип вопроса."), code="type")


def _check_profile_format(q: Question, text: str) -> None:
    if q.profile_field == ProfileField.EMAIL:
        try:
            validate_email(text)
        except ValidationError:
            raise ValidationError(
                _("Введите правильный адрес электронной почты."), code="email"
            ) from None
    if q.profile_field == ProfileField.PHONE:
        digits = re.sub(r"\D", "", text)
        if len(digits) not in (10, 11):
            raise ValidationError(
                _("Введите телефон из 10–11 цифр, например +7 916 123-45-67."), code="phone"
            )


def _clean_number(q: Question, raw: Any) -> int | float:
    if isinstance(raw, bool):
        raise ValidationError(_("Введите число."), code="number")
    if isinstance(raw, int | float):
        number = float(raw)
    else:
        text = str(raw).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise ValidationError(_("Введите число."), code="number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValidationError(_("Введите число."), code="number")
    if q.type == QuestionType.SCALE:
        low, high = scale_bounds(q)
        if not number.is_integer() or not low <= number <= high:
            raise ValidationError(
                _("Выберите значение от %(low)s до %(high)s.") % {"low": low, "high": high},
                code="scale",
            )
        return int(number)
    if q.min_value is not None and number < q.min_value:
        raise ValidationError(
            _("Число должно быть не меньше %(min)s.") % {"min": _number_text(q.min_value)},
            code="min",
        )
    if q.max_value is not None and number > q.max_value:
        raise ValidationError(
            _("Число должно быть не больше %(max)s.") % {"max": _number_text(q.max_value)},
            code="max",
        )
    return int(number) if number.is_integer() else number


def _clean_date(raw: Any) -> str:
    text = str(raw).strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValidationError(_("Введите дату в виде ДД.ММ.ГГГГ."), code="date")


def _not_offered() -> ValidationError:
    return ValidationError(_("Такого варианта нет среди предложенных."), code="option")


def _clean_other(ctx: QuestionContext, raw: str) -> str:
    if not ctx.question.has_other:
        raise _not_offered()
    text = raw.strip()
    if len(text) > OTHER_MAX:
        raise ValidationError(
            _("Слишком длинный ответ: не более %(n)s символов.") % {"n": OTHER_MAX}, code="long"
        )
    return text


def _clean_single(ctx: QuestionContext, raw: Any) -> tuple[Any, str]:
    if isinstance(raw, list | dict):
        raise ValidationError(_("Выберите один вариант."), code="single")
    option = _as_id(raw)
    if option is not None:
        if option not in ctx.options:
            raise _not_offered()
        return option, ""
    if isinstance(raw, str):
        other = _clean_other(ctx, raw)
        return other, other
    raise _not_offered()


def _clean_multiple(
    ctx: QuestionContext, raw: Any, allowed: Mapping[int, Any], *, allow_other: bool = True
) -> tuple[list[Any], str]:
    items = raw if isinstance(raw, list | tuple) else [raw]
    chosen: list[Any] = []
    other = ""
    for item in items:
        if _is_empty(item):
            continue
        option = _as_id(item)
        if option is not None:
            if option not in allowed:
                raise _not_offered()
            if option not in chosen:
                chosen.append(option)
        elif isinstance(item, str) and allow_other:
            if other:
                raise ValidationError(_("Вариант «другое» может быть только один."), code="other")
            other = _clean_other(ctx, item)
        else:
            raise _not_offered()
    count = len(chosen) + (1 if other else 0)
    limit = ctx.question.max_choices
    if limit and count > limit:
        raise ValidationError(_choices_message(limit), code="max_choices")
    if count == 0 and ctx.question.required:
        raise ValidationError(_("Это обязательный вопрос."), code="required")
    return chosen + ([other] if other else []), other


def _clean_matrix(ctx: QuestionContext, raw: Any) -> dict[str, int]:
    if not isinstance(raw, dict):
        raise ValidationError(_("Нужен ответ по строкам матрицы."), code="matrix")
    result: dict[str, int] = {}
    for key, value in raw.items():
        row = _as_id(key)
        if row is None or row not in ctx.rows:
            raise ValidationError(_("Такой строки нет в вопросе."), code="row")
        if _is_empty(value):
            continue
        option = _as_id(value)
        if option is None or option not in ctx.options:
            raise _not_offered()
        result[str(row)] = option
    ordered = {str(r): result[str(r)] for r in ctx.rows if str(r) in result}
    if ctx.question.required and len(ordered) < len(ctx.rows):
        raise ValidationError(_("Ответьте по каждой строке."), code="required")
    return ordered


# --- display conditions -------------------------------------------------------------


def _scalar_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return fold(str(value)).strip()


def condition_holds(op: str, target: str, value: Any) -> bool:
    """Does an earlier answer ``value`` satisfy «equals / not equals / contains ``target``»?"""
    target_text = fold(target).strip()
    if isinstance(value, list | tuple):
        values = [_scalar_text(v) for v in value]
        equal = values == [target_text]
        contains = target_text in values
    elif isinstance(value, dict):
        values = [_scalar_text(v) for v in value.values()]
        equal = False
        contains = target_text in values
    elif value is None or value == "":
        equal = contains = False
    else:
        text = _scalar_text(value)
        equal = text == target_text
        contains = equal or (bool(target_text) and target_text in text)
    if op == ConditionOp.EQUALS:
        return equal
    if op == ConditionOp.NOT_EQUALS:
        return not equal
    if op == ConditionOp.CONTAINS:
        return contains
    return True


def visible_questions(questions: Iterable[Question], values: Mapping[int, Any]) -> set[int]:
    """Ids of the questions shown, given the answers so far (in question order)."""
    shown: set[int] = set()
    for q in questions:
        if q.condition_question_id and q.condition_op:
            if q.condition_question_id not in shown:
                continue
            if not condition_holds(
                q.condition_op, q.condition_value, values.get(q.condition_question_id)
            ):
                continue
        shown.add(q.pk)
    return shown


def validate_answers(
    contexts: list[QuestionContext],
    raw: Mapping[int, Any],
    *,
    known: Mapping[int, Any] | None = None,
    only: set[int] | None = None,
) -> dict[int, tuple[Any, str]]:
    """Validate the raw answers of the questions in ``only`` (all if None).

    ``known`` holds normalised answers given earlier (previous pages), used for the
    display conditions. Hidden questions are ignored. Returns {question id: (value,
    other)} of the visible questions validated; raises ValidationError keyed by
    question id (as a string).
    """
    values: dict[int, Any] = dict(known or {})
    cleaned: dict[int, tuple[Any, str]] = {}
    errors: dict[str, list[str]] = {}
    questions = [c.question for c in contexts]
    by_id = {c.question.pk: c for c in contexts}
    # Conditions refer only to earlier questions, so one pass in order settles them.
    shown: set[int] = set()
    for q in questions:
        if (
            q.condition_question_id
            and q.condition_op
            and (
                q.condition_question_id not in shown
                or not condition_holds(
                    q.condition_op, q.condition_value, values.get(q.condition_question_id)
                )
            )
        ):
            values.pop(q.pk, None)
            continue
        shown.add(q.pk)
        if only is not None and q.pk not in only:
            continue
        try:
            value, other = clean_value(by_id[q.pk], raw.get(q.pk))
        except ValidationError as error:
            errors[str(q.pk)] = error.messages
            values.pop(q.pk, None)
            continue
        cleaned[q.pk] = (value, other)
        values[q.pk] = value
    if errors:
        raise ValidationError(errors)
    return cleaned
