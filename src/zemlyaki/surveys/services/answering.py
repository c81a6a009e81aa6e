"""Answering a survey: starting a response, saving pages, submitting."""

import datetime
import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zemlyaki.core.errors import TooManyRequests
from zemlyaki.core.security import client_key, token_hash
from zemlyaki.core.services import AuditAction, audit_record
from zemlyaki.core.text import search_document

from .. import answers as answer_rules
from ..models import (
    Answer,
    Invitation,
    Response,
    ResponseStatus,
    Survey,
    SurveyMode,
)
from ..vocab import vocabulary_map
from .profile_changes import _profile_data, _propose_profile_change

# ---------------------------------------------------------------- answering


class RateLimited(TooManyRequests):
    """Too many new anonymous responses from one address (429)."""

    default_message = gettext_lazy("Слишком много ответов с вашего адреса. Попробуйте позже.")


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
