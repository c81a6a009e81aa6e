"""The rights of a person in the registry as self-service (152-FZ, articles 14 and 21):
everything held about them, withdrawal of consents, and a request to erase their data,
which a coordinator carries out or refuses with a reason within the legal term."""

import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zemlyaki.accounts.actors import acting_user
from zemlyaki.core.actors import Actor
from zemlyaki.core.services import AuditAction, audit_record, model_snapshot
from zemlyaki.core.typography import typograph_message

from .holders import records_elsewhere
from .models import AccessAction, Consent, Person
from .models_access import ErasureRequest, ErasureStatus
from .services import access_log, consent_withdraw, person_erase, person_export_data

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------- reads


def own_person(user: Any) -> Person | None:
    """The card tied to this login, if there is one and its data are not erased."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user=user, erased_at__isnull=True).first()


def own_data(*, user: Any, person: Person) -> dict[str, Any]:
    """Everything the platform holds about the person, with their login and requests;
    the download is written to the access log."""

    def d(value: Any) -> Any:
        return value.isoformat() if value else None

    data = person_export_data(person)
    data["account"] = {
        "username": user.get_username(),
        "email": user.email,
        "last_name": user.last_name,
        "first_name": user.first_name,
        "patronymic": getattr(user, "patronymic", ""),
        "role": user.get_role_display(),
        "date_joined": d(user.date_joined),
        "last_login": d(user.last_login),
    }
    data["erasure_requests"] = [
        {
            "requested_at": d(r.requested_at),
            "due_on": d(r.due_on),
            "status": r.get_status_display(),
            "refusal_reason": r.refusal_reason,
        }
        for r in person.erasure_requests.order_by("requested_at", "pk")
    ]
    data["invitations"] = [
        {"email": i.email, "sent_at": d(i.created_at), "status": i.get_status_display()}
        for i in person.invitations.order_by("created_at", "pk")
    ]
    data["elsewhere"] = records_elsewhere(person=person, user=user)
    access_log(user=user, action=AccessAction.EXPORT, person=person, rows=1)
    return data


def pending_request(person: Person) -> ErasureRequest | None:
    return person.erasure_requests.filter(status=ErasureStatus.PENDING).first()


def erasure_queue(status: str = ErasureStatus.PENDING) -> QuerySet[ErasureRequest]:
    qs = ErasureRequest.objects.select_related("person", "requested_by", "decided_by")
    if status:
        qs = qs.filter(status=status)
    if status == ErasureStatus.PENDING:
        return qs.order_by("due_on", "pk")
    return qs.order_by("-requested_at", "-pk")


# ---------------------------------------------------------------- mail


def _deliver(to: str, subject: str, body: str) -> None:
    try:
        send_mail(*typograph_message(subject, body), settings.DEFAULT_FROM_EMAIL, [to])
    except Exception:
        logger.exception("Не удалось отправить письмо о запросе на удаление данных")


def _notify(to: str, subject: str, body: str) -> None:
    if to:
        transaction.on_commit(partial(_deliver, to, subject, body))


# ---------------------------------------------------------------- writes


@transaction.atomic
def own_consent_withdraw(*, user: Any, consent: Consent) -> Consent:
    """The person withdraws one of their own consents."""
    person = own_person(user)
    if person is None or consent.person_id != person.pk:
        raise ValidationError(_("Это не ваше согласие."), code="forbidden")
    return consent_withdraw(actor=user, consent=consent)


@transaction.atomic
def erasure_request_create(
    *, actor: Actor | None, person: Person, comment: str = ""
) -> ErasureRequest:
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_at:
        raise ValidationError(_("Персональные данные этого участника уже удалены."))
    waiting = pending_request(person)
    if waiting is not None:
        raise ValidationError(
            _("Запрос уже подан; срок ответа — %(date)s.")
            % {"date": date_format(waiting.due_on, "d.m.Y")},
            code="conflict",
        )
    today = timezone.localdate()
    request = ErasureRequest(
        person=person,
        requested_by=acting_user(actor),
        due_on=ErasureRequest.due_date(today),
        comment=(comment or "").strip(),
    )
    request.full_clean()
    request.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=request,
        after={"person": person.pk, "due_on": request.due_on},
    )
    _tell_coordinators(request)
    return request


def _tell_coordinators(request: ErasureRequest) -> None:
    """The legal term runs from the request: every coordinator hears of it at once."""
    from django.contrib.auth import get_user_model

    from .invitations import site_base

    try:
        queue = site_base() + reverse("people:erasure_queue")
    except ValidationError:
        queue = reverse("people:erasure_queue")
    coordinators = get_user_model().objects.filter(role="coordinator", is_active=True)
    for address in coordinators.exclude(email="").values_list("email", flat=True):
        _notify(
            address,
            _("Запрос на удаление персональных данных № %(id)s") % {"id": request.pk},
            _(
                "Участник попросил удалить его персональные данные.\n"
                "Ответить нужно не позднее %(date)s: удалить данные или отказать с причиной.\n"
                "Очередь запросов: %(url)s\n"
            )
            % {"date": date_format(request.due_on, "d.m.Y"), "url": queue},
        )


def _decided(
    request: ErasureRequest, *, actor: Actor | None, status: str, reason: str = ""
) -> None:
    fields = ["status", "decided_by", "decided_at", "refusal_reason"]
    before = model_snapshot(request, fields)
    request.status = status
    request.decided_by = acting_user(actor)
    request.decided_at = timezone.now()
    request.refusal_reason = reason
    if status == ErasureStatus.DONE:
        request.comment = ""
    request.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=request,
        before=before,
        after=model_snapshot(request, fields),
    )


def _lock_pending(request: ErasureRequest) -> ErasureRequest:
    request = ErasureRequest.objects.select_for_update().select_related("person").get(pk=request.pk)
    if request.status != ErasureStatus.PENDING:
        raise ValidationError(_("Решение по этому запросу уже принято."), code="state")
    return request


@transaction.atomic
def erasure_request_carry_out(*, actor: Actor | None, request: ErasureRequest) -> ErasureRequest:
    """Erase the person's data (the same erasure as ``zemlyaki person erase``), close
    their login, and tell them by e-mail at the address they had."""
    from zemlyaki.accounts.services import user_anonymize

    request = _lock_pending(request)
    person = request.person
    address = person.email or (person.user.email if person.user else "")
    user = person.user
    person_erase(actor=actor, person=person)
    if user is not None:
        user_anonymize(actor=actor, user=user)
    _decided(request, actor=actor, status=ErasureStatus.DONE)
    _notify(
        address,
        _("Ваши персональные данные удалены"),
        _(
            "Здравствуйте!\n\nПо вашему запросу от %(date)s персональные данные, которые "
            "хранились о вас на платформе «Земляки», удалены, учётная запись закрыта.\n"
            "Остались только обезличенные записи (число членов землячества, компетенции "
            "без имени), по которым вас нельзя узнать.\n"
        )
        % {"date": date_format(timezone.localtime(request.requested_at), "d.m.Y")},
    )
    return request


@transaction.atomic
def erasure_request_refuse(
    *, actor: Actor | None, request: ErasureRequest, reason: str
) -> ErasureRequest:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Укажите причину отказа: её получит участник.")]})
    request = _lock_pending(request)
    _decided(request, actor=actor, status=ErasureStatus.REFUSED, reason=reason)
    person = request.person
    _notify(
        person.email or (person.user.email if person.user else ""),
        _("Ответ на запрос об удалении персональных данных"),
        _(
            "Здравствуйте, %(name)s!\n\nВ удалении ваших персональных данных по запросу от "
            "%(date)s отказано.\nПричина: %(reason)s\n\nЕсли вы не согласны, ответьте на это "
            "письмо или обратитесь в Роскомнадзор.\n"
        )
        % {
            "name": person.first_name or person.full_name,
            "date": date_format(timezone.localtime(request.requested_at), "d.m.Y"),
            "reason": reason,
        },
    )
    return request
