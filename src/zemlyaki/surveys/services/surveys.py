"""Writes of a survey itself: creation, update, deletion, duplication."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zemlyaki.accounts.actors import acting_user
from zemlyaki.accounts.rules import is_coordinator
from zemlyaki.core.actors import Actor
from zemlyaki.core.errors import Forbidden
from zemlyaki.core.services import AuditAction, audit_record, model_snapshot
from zemlyaki.core.services import check_fields as _check_fields
from zemlyaki.core.text import search_document, slugify_ru
from zemlyaki.registry.models import Association

from ..models import (
    Option,
    Question,
    ResponseStatus,
    Survey,
)
from .base import QUESTION_FIELDS, SURVEY_FIELDS, _unique_slug

# ---------------------------------------------------------------- surveys


def association_choice(user: Any, slug: str | None) -> Any:
    """The association a user may give a questionnaire (the API's twin of the builder's
    choice): any for a coordinator, one they lead for a leader, who must choose one.

    Associations are public: one that exists but is not the user's to act for is refused
    as a permission (403), as every other operation naming an association does; a slug
    of no association is a wrong field (422)."""
    if is_coordinator(user):
        choices = Association.objects.all()
    else:
        choices = Association.objects.filter(leaders=user)
        if not slug:
            raise ValidationError(
                {
                    "association": [
                        _("Руководитель создаёт анкеты своего землячества: выберите землячество.")
                    ]
                }
            )
    if not slug:
        return None
    association = Association.objects.filter(slug=slug).first()
    if association is None:
        raise ValidationError({"association": [_("Землячество не найдено.")]})
    if not choices.filter(pk=association.pk).exists():
        raise Forbidden()
    return association


@transaction.atomic
def survey_create(*, actor: Actor | None, **fields: Any) -> Survey:
    _check_fields(fields, SURVEY_FIELDS)
    survey = Survey(created_by=acting_user(actor))
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
def survey_update(*, actor: Actor | None, survey: Survey, **fields: Any) -> Survey:
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
def survey_delete(*, actor: Actor | None, survey: Survey) -> None:
    if survey.responses.filter(status=ResponseStatus.SUBMITTED).exists():
        raise ValidationError(
            _("На анкету уже ответили: удалить её нельзя, можно только закрыть."), code="answered"
        )
    audit_record(
        actor=actor, action=AuditAction.DELETE, instance=survey, before=model_snapshot(survey)
    )
    survey.delete()


@transaction.atomic
def survey_duplicate(*, actor: Actor | None, survey: Survey, title: str = "") -> Survey:
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
