"""The help desk: a question, its expert, the answer by e-mail, the public FAQ."""

import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.accounts.rules import is_coordinator
from zemlyaki.core.errors import Conflict, DomainError, Forbidden, Invalid
from zemlyaki.core.models import AuditAction
from zemlyaki.core.security import new_token, token_hash
from zemlyaki.core.services import audit_record, model_snapshot
from zemlyaki.core.typography import typograph_message
from zemlyaki.core.urls_public import absolute_url

from ..models import Question, QuestionKind, QuestionStatus

QUESTIONS_PER_HOUR = 5


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"
    default_message = _("Слишком много вопросов с вашего адреса. Попробуйте через час.")


def _rate_limit(client_key: str) -> None:
    if not client_key:
        return
    limit = int(getattr(settings, "ZEMLYAKI_QUESTIONS_PER_HOUR", QUESTIONS_PER_HOUR))
    since = timezone.now() - datetime.timedelta(hours=1)
    if Question.objects.filter(client_key=client_key, created_at__gte=since).count() >= limit:
        raise RateLimited()


@transaction.atomic
def question_ask(
    *,
    name: str,
    email: str,
    text: str,
    association: Any = None,
    topic: Any = None,
    publish_consent: bool = False,
    client_key: str = "",
    actor: Any = None,
    kind: str = QuestionKind.QUESTION,
    is_demo: bool = False,
) -> Question:
    """A visitor's or a leader's question; refused (429) past the hourly limit per client."""
    _rate_limit(client_key)
    question = Question(
        kind=kind, name=name.strip(), email=email.strip(), text=text.strip(), association=association,
        topic=topic, publish_consent=publish_consent, client_key=client_key, is_demo=is_demo,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip
    from django.core.exceptions import ValidationError

    try:
        question.full_clean()
    except ValidationError as error:
        raise Invalid.from_validation_error(error) from None
    question.save()
    audit_record(actor=actor, action=AuditAction.CREATE, instance=question,
                 after={"topic": str(topic or ""), "association": str(association or "")})  # fmt: skip
    return question


def _send(to: str, subject: str, body: str) -> None:
    subject, body = typograph_message(subject, body)
    EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]).send()


@transaction.atomic
def question_assign(*, actor: Any, question: Question, expert: Any) -> str:
    """The coordinator passes the question to an expert (a person who agreed to be shown as
    an expert and has an address); the expert gets a personal link to answer. Returns the
    link's token (sent by mail; kept only as a hash)."""
    if not is_coordinator(actor):
        raise Forbidden()
    if question.status == QuestionStatus.ANSWERED:
        raise Conflict(_("На вопрос уже ответили."))
    if not expert.email or not expert.show_as_expert:
        raise Invalid({"expert": [_("У эксперта нет адреса или согласия на показ.")]})
    token, digest = new_token()
    before = model_snapshot(question, ["status", "expert"])
    question.expert = expert
    question.status = QuestionStatus.ASSIGNED
    question.answer_token_hash = digest
    question.save(update_fields=["expert", "status", "answer_token_hash", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=question, before=before,
                 after=model_snapshot(question, ["status", "expert"]))  # fmt: skip
    link = absolute_url(reverse("portal:question_answer", kwargs={"token": token}))
    body = _(
        "Здравствуйте, %(name)s!\n\nВ справочную службу землячеств пришёл вопрос по вашей "
        "теме:\n\n%(text)s\n\nОтветить можно по ссылке: %(link)s\n"
        "Ответ уйдёт автору вопроса письмом.\n"
    ) % {"name": expert.first_name or expert.full_name, "text": question.text, "link": link}
    subject = _("Вопрос в справочную службу")
    transaction.on_commit(lambda: _send(expert.email, subject, body))
    return token


def question_by_token(token: str) -> Question | None:
    if not token:
        return None
    return Question.objects.filter(answer_token_hash=token_hash(token)).first()


@transaction.atomic
def question_answer(*, question: Question, answer: str, actor: Any = None) -> Question:
    """The expert's answer: saved and sent to the asker by mail; the link then expires."""
    if question.status != QuestionStatus.ASSIGNED:
        raise Conflict(_("На вопрос уже ответили или он ещё не передан эксперту."))
    if not answer.strip():
        raise Invalid({"answer": [_("Напишите ответ.")]})
    question.answer = answer.strip()
    question.status = QuestionStatus.ANSWERED
    question.answered_at = timezone.now()
    question.answer_token_hash = ""
    question.save(update_fields=["answer", "status", "answered_at", "answer_token_hash",
                                 "updated_at"])  # fmt: skip
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=question,
                 after={"status": question.status}, comment="answered by the expert")  # fmt: skip
    expert = question.expert
    body = _(
        "Здравствуйте, %(name)s!\n\nВы спрашивали:\n%(text)s\n\nОтвечает эксперт "
        "%(expert)s:\n%(answer)s\n\nСправочная служба землячеств Москвы\n"
    ) % {
        "name": question.name,
        "text": question.text,
        "expert": expert.full_name if expert else "",
        "answer": question.answer,
    }
    subject = _("Ответ на ваш вопрос")
    to = question.email
    transaction.on_commit(lambda: _send(to, subject, body))
    return question


@transaction.atomic
def question_publish(*, actor: Any, question: Question, public: bool) -> Question:
    """Into the public FAQ (or out of it): only an answered question whose asker agreed."""
    if not is_coordinator(actor):
        raise Forbidden()
    if public and (question.status != QuestionStatus.ANSWERED or not question.publish_consent):
        raise Conflict(_("Опубликовать можно только отвеченный вопрос с согласия автора."))
    question.is_public = public
    question.save(update_fields=["is_public", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=question,
                 after={"is_public": public})  # fmt: skip
    return question
