"""API of events, what the organiser's pages and the personal links do: the agenda and
materials, invitations, attendance, the minutes, reminders; a guest's reply to an
invitation and the cancelling of a registration by its personal link. Same permissions,
services and audit as the pages. (Operations on the paths of ``api.py`` live there: one
path, one router.)"""

import base64
import binascii
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import field_validator

from zemlyaki.accounts.api_auth import api_user, optional_auth, require_api_perm, token_auth
from zemlyaki.core.api_schemas import ErrorOut, Id, SentOut
from zemlyaki.core.registries import linkable_object

from . import services
from .api import RegistrationRowOut, _strip, _visible_event, registration_row
from .mail import remind_event
from .models import AgendaItem, Event, Material, MaterialPhase, Registration

if TYPE_CHECKING:
    PhaseLiteral = str
else:
    PhaseLiteral = Literal[tuple(MaterialPhase.values)]

router = Router(tags=["Мероприятия"])


class AgendaIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    duration_minutes: int = Field(15, ge=1, le=600)
    speaker: str = Field("", max_length=200)
    section: Id | None = Field(None, description="Раздел стратегии, который обсуждается.")

    _strip_strings = field_validator("*", mode="before")(_strip)


class AgendaOut(Schema):
    id: int
    order: int
    title: str
    duration_minutes: int
    speaker: str
    subject: str


class EventFileIn(Schema):
    filename: str = Field(min_length=1, max_length=200, description="Имя файла.")
    content_base64: str = Field(max_length=40_000_000, description="Содержимое в base64.")


class MaterialIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    phase: PhaseLiteral
    url: str = Field("", max_length=200)
    file: EventFileIn | None = None

    _strip_strings = field_validator("title", "url", mode="before")(_strip)


class MaterialOut(Schema):
    id: int
    title: str
    phase: str
    url: str
    file: str


class InviteIn(Schema):
    """Exactly one: a person, a body (its current members) or a stakeholder."""

    person: Id | None = None
    body: Id | None = None
    stakeholder: Id | None = None


class EventInvitationOut(Schema):
    id: int
    name: str
    email: str
    person: int | None
    status: str


class AttendanceIn(Schema):
    attended: bool = True


class MinutesIn(Schema):
    minutes: str = Field(max_length=200_000)


class MinutesOut(Schema):
    minutes: str


class TokenIn(Schema):
    token: str = Field(min_length=1, max_length=200, description="Токен из личной ссылки.")


class ReplyIn(TokenIn):
    accept: bool


class ReplyOut(Schema):
    status: str
    registration: RegistrationRowOut | None


def _managed(request: HttpRequest, event_id: int, perm: str) -> Event:
    event = _visible_event(request, event_id)
    require_api_perm(request, perm, event)
    return event


def _registration(event: Event, registration_id: int) -> Registration:
    found = Registration.objects.filter(pk=registration_id, event=event).first()
    if found is None:
        raise Http404
    return found


@router.post(
    "/events/{event_id}/agenda",
    auth=token_auth,
    response={201: AgendaOut},
    summary="Добавить пункт повестки",
)
def agenda_add(request: HttpRequest, event_id: Id, payload: AgendaIn) -> Status[Any]:
    event = _managed(request, event_id, "events.change_event")
    data = payload.dict()
    section_id = data.pop("section")
    subject = None
    if section_id is not None:
        subject = linkable_object("strategy.section", str(section_id))
        if subject is None:
            raise ValidationError({"section": [_("Раздел не найден.")]})
    item = services.agenda_item_add(actor=api_user(request), event=event, subject=subject, **data)
    return Status(
        201,
        {
            "id": item.pk,
            "order": item.order,
            "title": item.title,
            "duration_minutes": item.duration_minutes,
            "speaker": item.speaker,
            "subject": item.subject_title,
        },
    )


@router.delete(
    "/events/{event_id}/agenda/{item_id}",
    auth=token_auth,
    response={204: None},
    summary="Удалить пункт повестки",
)
def agenda_remove(request: HttpRequest, event_id: Id, item_id: Id) -> Status[Any]:
    event = _managed(request, event_id, "events.change_event")
    item = AgendaItem.objects.filter(pk=item_id, event=event).first()
    if item is None:
        raise Http404
    services.agenda_item_remove(actor=api_user(request), item=item)
    return Status(204, None)


@router.post(
    "/events/{event_id}/materials",
    auth=token_auth,
    response={201: MaterialOut},
    summary="Добавить материал",
)
def material_add(request: HttpRequest, event_id: Id, payload: MaterialIn) -> Status[Any]:
    """A link (``url``) or a file (``file``, in base64)."""
    event = _managed(request, event_id, "events.change_event")
    upload = None
    if payload.file is not None:
        try:
            data = base64.b64decode(payload.file.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError({"file": [_("Файл не в кодировке base64.")]}) from None
        upload = ContentFile(data, name=payload.file.filename)
    material = services.material_add(
        actor=api_user(request),
        event=event,
        title=payload.title,
        phase=payload.phase,
        url=payload.url,
        file=upload,
    )
    return Status(
        201,
        {
            "id": material.pk,
            "title": material.title,
            "phase": material.phase,
            "url": material.url,
            "file": material.file.name if material.file else "",
        },
    )


@router.delete(
    "/events/{event_id}/materials/{material_id}",
    auth=token_auth,
    response={204: None},
    summary="Удалить материал",
)
def material_remove(request: HttpRequest, event_id: Id, material_id: Id) -> Status[Any]:
    event = _managed(request, event_id, "events.change_event")
    material = Material.objects.filter(pk=material_id, event=event).first()
    if material is None:
        raise Http404
    services.material_remove(actor=api_user(request), material=material)
    return Status(204, None)


@router.post(
    "/events/{event_id}/invitations",
    auth=token_auth,
    response={201: list[EventInvitationOut]},
    summary="Пригласить участника, орган или субъекта стратегии",
)
def invite(request: HttpRequest, event_id: Id, payload: InviteIn) -> Status[Any]:
    """The answer lists the invitations made; those already invited are not invited again."""
    from zemlyaki.governance.models import Body
    from zemlyaki.people.models import Person
    from zemlyaki.registry.models import Stakeholder

    event = _managed(request, event_id, "events.invite_event")
    found: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, model, message in (
        ("person", Person, _("Участник с таким номером не найден.")),
        ("body", Body, _("Орган не найден.")),
        ("stakeholder", Stakeholder, _("Субъект стратегии не найден.")),
    ):
        value = getattr(payload, name)
        if value is not None:
            found[name] = model.objects.filter(pk=value).first()
            if found[name] is None:
                errors[name] = [message]
    if errors:
        raise ValidationError(errors)
    made = services.invite(actor=api_user(request), event=event, **found)
    rows = [
        {
            "id": i.pk,
            "name": i.name,
            "email": i.email,
            "person": i.person_id,
            "status": i.status,
        }
        for i in made
    ]
    return Status(201, rows)


@router.put(
    "/events/{event_id}/registrations/{registration_id}/attendance",
    auth=token_auth,
    response=RegistrationRowOut,
    summary="Отметить присутствие",
)
def attendance_mark(
    request: HttpRequest, event_id: Id, registration_id: Id, payload: AttendanceIn
) -> dict[str, Any]:
    event = _managed(request, event_id, "events.mark_attendance")
    found = _registration(event, registration_id)
    marked = services.attendance_mark(
        actor=api_user(request), registration=found, attended=payload.attended
    )
    return registration_row(marked)


@router.delete(
    "/events/{event_id}/registrations/{registration_id}",
    auth=token_auth,
    response=RegistrationRowOut,
    summary="Отменить регистрацию (организатор)",
)
def registration_cancel(request: HttpRequest, event_id: Id, registration_id: Id) -> dict[str, Any]:
    """The registration stays, cancelled; the first of the waiting list takes the place."""
    event = _managed(request, event_id, "events.change_event")
    found = _registration(event, registration_id)
    return registration_row(
        services.registration_cancel(registration=found, actor=api_user(request))
    )


@router.put(
    "/events/{event_id}/minutes",
    auth=token_auth,
    response=MinutesOut,
    summary="Сохранить протокол",
)
def minutes_update(request: HttpRequest, event_id: Id, payload: MinutesIn) -> dict[str, Any]:
    event = _managed(request, event_id, "events.change_minutes")
    event = services.minutes_update(actor=api_user(request), event=event, minutes=payload.minutes)
    return {"minutes": event.minutes}


@router.post(
    "/events/{event_id}/reminders",
    auth=token_auth,
    response=SentOut,
    summary="Напомнить участникам",
)
def send_reminders(request: HttpRequest, event_id: Id) -> dict[str, Any]:
    """Send the reminder to every confirmed participant; the answer says how many."""
    event = _managed(request, event_id, "events.send_reminders")
    return {"sent": remind_event(event=event)}


@router.post(
    "/event-registrations/cancel",
    auth=optional_auth,
    response={200: RegistrationRowOut, 404: ErrorOut},
    summary="Отменить свою регистрацию по личной ссылке",
    description="Неизвестная ссылка — ответ 404.",
)
def registration_cancel_by_token(request: HttpRequest, payload: TokenIn) -> dict[str, Any]:
    """The token of the personal link is the permission, as on its page."""
    found = services.registration_by_token(payload.token)
    if found is None:
        raise Http404
    return registration_row(services.registration_cancel(registration=found))


@router.post(
    "/event-invitations/reply",
    auth=optional_auth,
    response={200: ReplyOut, 404: ErrorOut},
    summary="Ответить на приглашение по личной ссылке",
    description="Неизвестная ссылка — ответ 404.",
)
def invitation_reply(request: HttpRequest, payload: ReplyIn) -> dict[str, Any]:
    """Accepting registers the guest (subject to the event's capacity); declining cancels
    the registration made before."""
    found = services.invitation_by_token(payload.token)
    if found is None:
        raise Http404
    registration = services.invitation_reply(invitation=found, accept=payload.accept)
    found.refresh_from_db()
    return {
        "status": found.status,
        "registration": registration_row(registration) if registration is not None else None,
    }
