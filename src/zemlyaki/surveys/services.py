"""Writes of the questionnaires: builder, answering, invitations, profile changes."""

import datetime
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.security import client_key, token_hash
from zemlyaki.core.services import AuditAction, audit_record, model_snapshot
from zemlyaki.core.services import check_fields as _check_fields
from zemlyaki.core.text import search_document, slugify_ru

from . import answers as answer_rules
from .models import (
    OPTION_TYPES,
    Answer,
    ChangeStatus,
    Invitation,
    InvitationKey,
    Option,
    ProfileChange,
    ProfileField,
    Question,
    QuestionType,
    Response,
    ResponseStatus,
    Survey,
    SurveyMode,
)
from .vocab import vocabulary_map

SURVEY_FIELDS = {
    "title", "intro", "mode", "opens_on", "closes_on", "is_published", "page_titles",
    "association", "is_demo", "slug",
}  # fmt: skip
QUESTION_FIELDS = {
    "page", "type", "title", "help_text", "required", "min_value", "max_value", "max_choices",
    "has_other", "min_label", "max_label", "condition_question", "condition_op",
    "condition_value", "profile_field",
}  # fmt: skip


def _unique_slug(base: str, exclude_pk: int | None = None) -> str:
    base = (base or "anketa")[:70]
    slug, n = base, 2
    qs = Survey.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def has_answers(survey: Survey) -> bool:
    return Answer.objects.filter(question__survey=survey).exists()


# ---------------------------------------------------------------- surveys


@transaction.atomic
def survey_create(*, actor: Any, **fields: Any) -> Survey:
    _check_fields(fields, SURVEY_FIELDS)
    survey = Survey(created_by=actor if getattr(actor, "is_authenticated", False) else None)
    for key, value in fields.items():
        setattr(survey, key, value)
    survey.slug = survey.slug or _unique_slug(slugify_ru(survey.title, 70))
    survey.full_clean()
    survey.search_text = search_document(survey.title, survey.intro)
    survey.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=survey, after=model_snapshot(survey)
    )
    return survey


@transaction.atomic
def survey_update(*, actor: Any, survey: Survey, **fields: Any) -> Survey:
    _check_fields(fields, SURVEY_FIELDS)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    before = model_snapshot(survey)
    if "mode" in fields and fields["mode"] != survey.mode and survey.responses.exists():
        raise ValidationError(
            {"mode": _("На анкету уже отвечали: режим анкеты изменить нельзя.")}, code="answered"
        )
    for key, value in fields.items():
        setattr(survey, key, value)
    if not survey.slug:
        survey.slug = _unique_slug(slugify_ru(survey.title, 70), survey.pk)
    survey.full_clean()
    survey.search_text = search_document(survey.title, survey.intro)
    survey.save()
    after = model_snapshot(survey)
    if after != before:
        audit_record(
            actor=actor, action=AuditAction.UPDATE, instance=survey, before=before, after=after
        )
    return survey


@transaction.atomic
def survey_delete(*, actor: Any, survey: Survey) -> None:
    if survey.responses.filter(status=ResponseStatus.SUBMITTED).exists():
        raise ValidationError(
            _("На анкету уже ответили: удалить её нельзя, можно только закрыть."), code="answered"
        )
    audit_record(
        actor=actor, action=AuditAction.DELETE, instance=survey, before=model_snapshot(survey)
    )
    survey.delete()


@transaction.atomic
def survey_duplicate(*, actor: Any, survey: Survey, title: str = "") -> Survey:
    """A copy of the questionnaire with its questions, options and conditions, unpublished
    and without answers."""
    copy = survey_create(
        actor=actor,
        title=title or _("%(title)s (копия)") % {"title": survey.title},
        intro=survey.intro,
        mode=survey.mode,
        opens_on=survey.opens_on,
        closes_on=survey.closes_on,
        is_published=False,
        page_titles=list(survey.page_titles or []),
        association=survey.association,
        is_demo=survey.is_demo,
    )
    mapping: dict[int, Question] = {}
    option_map: dict[int, int] = {}
    questions = list(survey.questions.prefetch_related("options").order_by("page", "position"))
    for q in questions:
        new = Question.objects.create(
            survey=copy,
            **{f: getattr(q, f) for f in QUESTION_FIELDS if f != "condition_question"},
            position=q.position,
        )
        mapping[q.pk] = new
        for option in q.options.all():
            created = Option.objects.create(
                question=new,
                position=option.position,
                title=option.title,
                is_row=option.is_row,
                ref=option.ref,
            )
            option_map[option.pk] = created.pk
    for q in questions:
        if q.condition_question_id and q.condition_question_id in mapping:
            new = mapping[q.pk]
            new.condition_question = mapping[q.condition_question_id]
            value = q.condition_value
            if value.isdigit() and int(value) in option_map:
                value = str(option_map[int(value)])
            new.condition_value = value
            new.save(update_fields=["condition_question", "condition_value"])
    return copy


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
    actor: Any,
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
    actor: Any,
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
def question_delete(*, actor: Any, question: Question) -> None:
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
def question_move(*, actor: Any, question: Question, direction: str) -> Question:
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


# ---------------------------------------------------------------- answering


class RateLimited(Exception):
    """Too many new anonymous responses from one address."""


def _ip_hash(ip: str) -> str:
    return client_key(ip)


def _rate_limit(ip: str) -> None:
    limit = getattr(settings, "ZEMLYAKI_SURVEY_ANON_PER_HOUR", 30)
    if not ip:
        return
    since = timezone.now() - datetime.timedelta(hours=1)
    count = Response.objects.filter(ip_hash=_ip_hash(ip), created_at__gte=since).count()
    if count >= limit:
        raise RateLimited


def contexts_for(survey: Survey) -> list[answer_rules.QuestionContext]:
    questions = list(
        survey.questions.prefetch_related("options").order_by("page", "position", "id")
    )
    vocab: dict[str, dict[int, str]] = {}
    result = []
    for q in questions:
        terms = None
        if q.is_vocabulary:
            if q.type not in vocab:
                vocab[q.type] = vocabulary_map(q.type)
            terms = vocab[q.type]
        result.append(answer_rules.QuestionContext(q, terms))
    return result


def _ensure_open(survey: Survey) -> None:
    if not survey.is_open():
        raise ValidationError(_("Анкета закрыта: ответы не принимаются."), code="closed")


def response_start(
    *,
    survey: Survey,
    invitation: Invitation | None = None,
    ip: str = "",
    is_demo: bool = False,
    consent_version: str = "",
) -> tuple[Response, str]:
    """A new response and its browser key (plain; the response keeps only its hash).
    ``consent_version``: the consent box of an anonymous form was ticked; it is recorded."""
    _ensure_open(survey)
    if invitation is None:
        if survey.mode == SurveyMode.PERSONAL:
            raise ValidationError(_("На эту анкету отвечают по персональной ссылке."))
        _rate_limit(ip)
    key = secrets.token_urlsafe(24)
    response = Response.objects.create(
        survey=survey,
        invitation=invitation,
        key_hash=token_hash(key),
        ip_hash=_ip_hash(ip),
        person=invitation.person if invitation else None,
        association=invitation.association if invitation else None,
        home_region=invitation.person.home_region if invitation else None,
        is_demo=is_demo,
    )
    if consent_version:
        from zemlyaki.people.consents import consent_record_public

        consent_record_public(
            purpose=_("Ответ на анкету «%(title)s»") % {"title": survey.title},
            source=f"surveys.response:{response.pk}",
            version=consent_version,
        )
    return response, key


def stored_values(response: Response) -> dict[int, Any]:
    return dict(response.answers.values_list("question_id", "value"))


def _store(response: Response, cleaned: Mapping[int, tuple[Any, str]]) -> None:
    existing = {a.question_id: a for a in response.answers.all()}
    for qid, (value, other) in cleaned.items():
        answer = existing.get(qid)
        text = search_document(value if isinstance(value, str) else "", other)
        if value is None:
            if answer is not None:
                answer.delete()
            continue
        if answer is None:
            Answer.objects.create(
                response=response, question_id=qid, value=value, other=other, search_text=text
            )
        elif answer.value != value or answer.other != other:
            answer.value, answer.other, answer.search_text = value, other, text
            answer.save(update_fields=["value", "other", "search_text"])


@transaction.atomic
def response_save_page(*, response: Response, page: int, raw: Mapping[int, Any]) -> Response:
    """Validate and keep the answers of one page (so a closed tab loses nothing)."""
    response = Response.objects.select_for_update().select_related("survey").get(pk=response.pk)
    _ensure_open(response.survey)
    contexts = contexts_for(response.survey)
    page_ids = {c.question.pk for c in contexts if c.question.page == page}
    cleaned = answer_rules.validate_answers(
        contexts, raw, known=stored_values(response), only=page_ids
    )
    # Questions of the page now hidden lose their earlier answers.
    for qid in page_ids - set(cleaned):
        cleaned[qid] = (None, "")
    _store(response, cleaned)
    response.save(update_fields=["updated_at"])
    return response


@transaction.atomic
def response_submit(*, response: Response, consent_purpose: str = "") -> Response:
    """Check every visible question, drop answers of hidden ones, mark the response sent
    and, with consent, propose the profile change."""
    response = Response.objects.select_for_update().select_related("survey").get(pk=response.pk)
    survey = response.survey
    _ensure_open(survey)
    contexts = contexts_for(survey)
    values = stored_values(response)
    cleaned = answer_rules.validate_answers(contexts, values)
    hidden = set(values) - set(cleaned)
    if hidden:
        response.answers.filter(question_id__in=hidden).delete()
    _finish(response, contexts, {qid: v for qid, (v, _o) in cleaned.items()})
    return response


@transaction.atomic
def response_submit_all(
    *,
    survey: Survey,
    raw: Mapping[int, Any],
    invitation: Invitation | None = None,
    ip: str = "",
    is_demo: bool = False,
    consent_version: str = "",
) -> Response:
    """Validate and store a whole response at once (the API); a personal link that already
    answered changes its answer. ``consent_version``: as for ``response_start``."""
    contexts = contexts_for(survey)
    cleaned = answer_rules.validate_answers(contexts, raw)
    response = None
    if invitation is not None:
        response = Response.objects.select_for_update().filter(invitation=invitation).first()
        _ensure_open(survey)
    if response is None:
        response, _key = response_start(
            survey=survey,
            invitation=invitation,
            ip=ip,
            is_demo=is_demo,
            consent_version=consent_version,
        )
    values = stored_values(response)
    for qid in set(values) - set(cleaned):
        cleaned[qid] = (None, "")
    _store(response, cleaned)
    _finish(response, contexts, {qid: v for qid, (v, _o) in cleaned.items() if v is not None})
    return response


def _finish(
    response: Response, contexts: list[answer_rules.QuestionContext], values: Mapping[int, Any]
) -> None:
    first = response.status != ResponseStatus.SUBMITTED
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = timezone.now()
    profile = _profile_data(contexts, values)
    association = profile.pop("_association", None)
    if association is not None and response.invitation_id is None:
        response.association = association
    if profile.get("home_region") and response.invitation_id is None:
        from zemlyaki.core.models import Region

        response.home_region = Region.objects.filter(code=profile["home_region"]).first()
    response.save()
    if first:
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            instance=response,
            after={"survey": str(response.survey), "answers": len(values)},
        )
    if profile.get("consent"):
        _propose_profile_change(response, profile, association)


def _profile_data(
    contexts: list[answer_rules.QuestionContext], values: Mapping[int, Any]
) -> dict[str, Any]:
    """The profile fields answered, as ``person_upsert_from_profile`` takes them."""
    from zemlyaki.registry.models import Association

    data: dict[str, Any] = {}
    for ctx in contexts:
        q = ctx.question
        field = q.profile_field
        value = values.get(q.pk)
        if not field or value in (None, "", []):
            continue
        if field in (ProfileField.COMPETENCIES, ProfileField.INTERESTS):
            if q.is_vocabulary:
                data[field] = [v for v in value if isinstance(v, int)]
            elif q.has_options:
                chosen = value if isinstance(value, list) else [value]
                data[field] = [ctx.options[v].title if isinstance(v, int) else v for v in chosen]
            else:
                data[field] = [s.strip() for s in str(value).split(",") if s.strip()]
        elif field in (ProfileField.SHOW_AS_EXPERT, ProfileField.CONSENT):
            ref = ctx.options[value].ref if isinstance(value, int) and value in ctx.options else ""
            data[field] = ref == "yes"
        elif field == ProfileField.HOME_REGION:
            ref = ctx.options[value].ref if isinstance(value, int) and value in ctx.options else ""
            if ref:
                data[field] = ref
        elif field == ProfileField.ASSOCIATION:
            ref = ctx.options[value].ref if isinstance(value, int) and value in ctx.options else ""
            if ref:
                data["_association"] = Association.objects.filter(slug=ref).first()
        else:
            data[field] = value
    return data


def _propose_profile_change(response: Response, profile: dict[str, Any], association: Any) -> None:
    data = {k: v for k, v in profile.items() if k != "consent"}
    data["consent"] = {
        "purpose": _("Участие в анкетировании «%(title)s» и экспертном сообществе")
        % {"title": response.survey.title},
        "form": "questionnaire",
        "given_on": timezone.localdate().isoformat(),
    }
    if response.invitation_id and response.person_id:
        person = response.person
        for key in ("last_name", "first_name", "patronymic", "email"):
            known = getattr(person, key, None)
            if not data.get(key) and known:
                data[key] = known
    change = ProfileChange.objects.filter(response=response).first()
    if change is not None and change.status != ChangeStatus.PENDING:
        # An answer changed after a decision: a new proposal is reviewed again.
        change.status = ChangeStatus.PENDING
        change.decided_by = None
        change.decided_at = None
    if change is None:
        change = ProfileChange(response=response)
    change.data = data
    change.association = association or response.association
    change.person = response.person
    change.is_demo = response.is_demo
    change.save()


@transaction.atomic
def profile_change_accept(*, actor: Any, change: ProfileChange, on_match: str = "fill") -> Any:
    """Apply the proposed data to the person it matches (or a new person)."""
    from zemlyaki.people.services import person_upsert_from_profile

    change = ProfileChange.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeStatus.PENDING:
        raise ValidationError(_("Решение по этому изменению уже принято."), code="state")
    data = dict(change.data)
    person, created = person_upsert_from_profile(
        actor=actor, data=data, association=change.association, on_match=on_match
    )
    before = model_snapshot(change, ["status"])
    change.status = ChangeStatus.ACCEPTED
    change.person = person
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.note = _("Создан новый участник.") if created else _("Профиль дополнен.")
    change.save()
    Response.objects.filter(pk=change.response_id).update(person=person)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=change,
        before=before,
        after={"status": change.status, "person": str(person), "created": created},
    )
    return person


@transaction.atomic
def profile_change_reject(*, actor: Any, change: ProfileChange, note: str = "") -> ProfileChange:
    change = ProfileChange.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeStatus.PENDING:
        raise ValidationError(_("Решение по этому изменению уже принято."), code="state")
    change.status = ChangeStatus.REJECTED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.note = note[:300]
    change.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=change,
        before={"status": ChangeStatus.PENDING},
        after={"status": change.status, "note": change.note},
    )
    return change


# ---------------------------------------------------------------- invitations


def invitation_by_token(token: str) -> Invitation | None:
    if not token:
        return None
    key = (
        InvitationKey.objects.select_related("invitation__survey", "invitation__person")
        .filter(key_hash=token_hash(token))
        .first()
    )
    return key.invitation if key else None


def _new_key(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(24)
    InvitationKey.objects.create(invitation=invitation, key_hash=token_hash(token))
    return token


def _send(letters: list[tuple[Invitation, str]], *, reminder: bool, base_url: str) -> None:
    from django.core.mail import get_connection, send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse

    if not letters:
        return
    connection = get_connection()
    for invitation, token in letters:
        link = base_url.rstrip("/") + reverse("surveys:answer_personal", kwargs={"token": token})
        survey = invitation.survey
        context = {
            "survey": survey,
            "person": invitation.person,
            "link": link,
            "reminder": reminder,
        }
        subject = (
            _("Напоминание: анкета «%(title)s»") if reminder else _("Анкета «%(title)s»")
        ) % {"title": survey.title}
        send_mail(
            subject,
            render_to_string("surveys/mail/invitation.txt", context),
            None,
            [invitation.email],
            connection=connection,
        )


@transaction.atomic
def invitations_send(
    *, actor: Any, survey: Survey, persons: Iterable[Any], association: Any = None, base_url: str
) -> dict[str, int]:
    """Invite persons to a personal questionnaire: each gets a letter with their own link.

    Persons already invited and persons without an e-mail address are skipped."""
    if survey.mode != SurveyMode.PERSONAL:
        raise ValidationError(_("Приглашения рассылаются только для персональных анкет."))
    if not survey.is_open():
        raise ValidationError(_("Анкета не открыта: сначала опубликуйте её и проверьте даты."))
    invited = set(survey.invitations.values_list("person_id", flat=True))
    letters: list[tuple[Invitation, str]] = []
    stats = {"sent": 0, "already": 0, "no_email": 0}
    now = timezone.now()
    for person in persons:
        if person.pk in invited:
            stats["already"] += 1
            continue
        if not person.email:
            stats["no_email"] += 1
            continue
        person_association = association
        if person_association is None:
            membership = next(iter(person.memberships.all()), None)
            person_association = membership.association if membership else None
        invitation = Invitation.objects.create(
            survey=survey,
            person=person,
            association=person_association,
            email=person.email,
            sent_at=now,
        )
        invited.add(person.pk)
        letters.append((invitation, _new_key(invitation)))
        stats["sent"] += 1
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=survey,
        after={"invitations_sent": stats["sent"]},
        comment="invitations",
    )
    transaction.on_commit(lambda: _send(letters, reminder=False, base_url=base_url))
    return stats


@transaction.atomic
def invitations_remind(*, actor: Any, survey: Survey, base_url: str) -> int:
    """Remind those invited who have not sent their answer; each gets a fresh link (the
    earlier one keeps working)."""
    if not survey.is_open():
        raise ValidationError(_("Анкета закрыта: напоминания не рассылаются."))
    pending = (
        survey.invitations.select_related("person", "survey")
        .exclude(response__status=ResponseStatus.SUBMITTED)
        .order_by("pk")
    )
    letters = []
    now = timezone.now()
    for invitation in pending:
        letters.append((invitation, _new_key(invitation)))
        invitation.reminded_at = now
        invitation.reminders += 1
        invitation.save(update_fields=["reminded_at", "reminders"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=survey,
        after={"reminders_sent": len(letters)},
        comment="reminders",
    )
    transaction.on_commit(lambda: _send(letters, reminder=True, base_url=base_url))
    return len(letters)
