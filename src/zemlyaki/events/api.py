"""API of events: the list and card with agenda, public registration, decisions."""

import datetime
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import field_validator

from zemlyaki.accounts.api_auth import api_user, optional_auth, require_api_perm, token_auth
from zemlyaki.core.api_schemas import DateTimeIn, ErrorOut, Id, Limit, Offset, page_slice
from zemlyaki.core.errors import Conflict
from zemlyaki.core.security import client_address
from zemlyaki.governance.models import Body
from zemlyaki.people.consents import CONSENT_REQUIRED
from zemlyaki.people.consents import CURRENT_VERSION as CONSENT_VERSION

from . import selectors, services
from .models import DecisionEffect, Event, EventKind, EventStatus

router = Router(tags=["Мероприятия"])

# The choices of a model field as a Literal for the API schema (an enum in OpenAPI);
# the type checker reads them as plain strings.
if TYPE_CHECKING:
    KindLiteral = str
    EffectLiteral = str
    EventStatusLiteral = str
else:
    KindLiteral = Literal[tuple(EventKind.values)]
    EffectLiteral = Literal[tuple(DecisionEffect.values)]
    EventStatusLiteral = Literal[tuple(EventStatus.values)]


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class AgendaItemOut(Schema):
    order: int
    title: str
    duration_minutes: int
    speaker: str
    section_id: int | None


REGISTRATION_MARK = (
    "Отметка организатора «регистрация открыта». Регистрация по ссылке идёт, только пока "
    "мероприятие открытое и готовится: ответ показывает в registration_open, идёт ли она."
)


class EventOut(Schema):
    id: int
    kind: str
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    place: str
    online_url: str
    capacity: int | None
    organiser: int | None
    status: str
    registration_open: bool = Field(
        description="Принимает ли мероприятие регистрацию по ссылке сейчас (как кнопка на "
        "его странице): открытое, готовится и регистрацию не закрыли. У закрытого, "
        "проведённого или отменённого — false, какой бы ни была отметка организатора."
    )
    is_public: bool
    questionnaire_url: str
    confirmed: int
    waitlisted: int


class EventDetailOut(EventOut):
    description: str
    preparation: str
    agenda: list[AgendaItemOut]


class EventPage(Schema):
    count: int
    items: list[EventOut]


class EventIn(Schema):
    kind: KindLiteral
    title: str = Field(..., min_length=1, max_length=300)
    starts_at: DateTimeIn
    ends_at: DateTimeIn | None = None
    place: str = Field("", max_length=300)
    online_url: str = ""
    capacity: int | None = Field(None, ge=1)
    organiser: Id | None = None
    description: str = ""
    preparation: str = ""
    questionnaire_url: str = ""
    registration_open: bool = Field(True, description=REGISTRATION_MARK)
    is_public: bool = True

    _strip_strings = field_validator("*", mode="before")(_strip)


class EventPatch(Schema):
    """The fields to change; ``status: "cancelled"`` cancels the event, as on its page."""

    kind: KindLiteral | None = None
    title: str | None = Field(None, min_length=1, max_length=300)
    starts_at: DateTimeIn | None = None
    ends_at: DateTimeIn | None = None
    place: str | None = Field(None, max_length=300)
    online_url: str | None = None
    capacity: int | None = Field(None, ge=1)
    organiser: Id | None = None
    description: str | None = None
    preparation: str | None = None
    questionnaire_url: str | None = None
    registration_open: bool | None = Field(None, description=REGISTRATION_MARK)
    is_public: bool | None = None
    status: EventStatusLiteral | None = None

    _strip_strings = field_validator("*", mode="before")(_strip)


# Fields that may be emptied with null; the others must have a value when sent.
NULLABLE = {"ends_at", "capacity", "organiser"}


class RegistrationIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    email: str = Field(..., min_length=3, max_length=254)
    consent: bool = Field(
        False,
        description="Согласие на обработку персональных данных (текст — как в HTML-форме "
        "регистрации); без него — 422 с полем consent.",
    )

    _strip_strings = field_validator("*", mode="before")(_strip)


class RegistrationOut(Schema):
    id: int
    event: int
    name: str
    status: Literal["confirmed", "waitlisted", "cancelled"]


class RegistrationRowOut(RegistrationOut):
    email: str
    person: int | None
    attended_at: datetime.datetime | None
    created_at: datetime.datetime


class RegistrationPage(Schema):
    count: int
    items: list[RegistrationRowOut]


def registration_row(r: Any) -> dict[str, Any]:
    return {
        "id": r.pk,
        "event": r.event_id,
        "name": r.name,
        "status": r.status,
        "email": r.email,
        "person": r.person_id,
        "attended_at": timezone.localtime(r.attended_at) if r.attended_at else None,
        "created_at": timezone.localtime(r.created_at),
    }


class DecisionIn(Schema):
    text: str = Field(..., min_length=1)
    body: Id | None = None
    present: int = Field(..., ge=0)
    votes_for: int = Field(..., ge=0)
    votes_against: int = Field(0, ge=0)
    votes_abstained: int = Field(0, ge=0)
    effect: EffectLiteral = "none"
    target_type: str = ""
    target_id: str = ""
    payload: dict[str, Any] = {}


class DecisionOut(Schema):
    id: int
    event: int
    number: int
    text: str
    body: int | None
    present: int
    votes_for: int
    votes_against: int
    votes_abstained: int
    adopted: bool
    quorum: str
    effect: str
    target_type: str
    target_id: str


def event_out(event: Event, counts: dict[str, int] | None = None) -> dict[str, Any]:
    if counts is None:
        confirmed = getattr(event, "confirmed_count", None)
        counts = (
            {"confirmed": confirmed, "waitlisted": getattr(event, "waitlisted_count", 0)}
            if confirmed is not None
            else selectors.registration_counts(event)
        )
    return {
        "id": event.pk,
        "kind": event.kind,
        "title": event.title,
        "starts_at": timezone.localtime(event.starts_at),
        "ends_at": timezone.localtime(event.ends_at) if event.ends_at else None,
        "place": event.place,
        "online_url": event.online_url,
        "capacity": event.capacity,
        "organiser": event.organiser_id,
        "status": event.status,
        "registration_open": event.accepts_registration,
        "is_public": event.is_public,
        "questionnaire_url": event.questionnaire_url,
        "confirmed": counts.get("confirmed", 0),
        "waitlisted": counts.get("waitlisted", 0),
    }


def _visible_event(request: HttpRequest, event_id: Id) -> Event:
    try:
        event = selectors.event_get(event_id)
    except Event.DoesNotExist:
        raise Http404
    if not request.user.has_perm("events.view_event", event):
        raise Http404
    return event


def _decision_out(decision: Any) -> dict[str, Any]:
    return {
        "id": decision.pk,
        "event": decision.event_id,
        "number": decision.number,
        "text": decision.text,
        "body": decision.body_id,
        "present": decision.present,
        "votes_for": decision.votes_for,
        "votes_against": decision.votes_against,
        "votes_abstained": decision.votes_abstained,
        "adopted": decision.adopted,
        "quorum": decision.quorum_note,
        "effect": decision.effect,
        "target_type": decision.target_type,
        "target_id": "" if decision.target_id is None else str(decision.target_id),
    }


@router.get("/events", response=EventPage, auth=optional_auth, summary="Мероприятия")
def events(
    request: HttpRequest,
    q: str = "",
    kind: str = "",
    when: Literal["", "upcoming", "past"] = "",
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    if kind and kind not in EventKind.values:
        raise HttpError(422, _("Неизвестный вид мероприятия."))
    qs = selectors.event_list(user=request.user, q=q, kind=kind, when=when)
    window = page_slice(limit, offset)
    return {"count": qs.count(), "items": [event_out(e) for e in qs[window]]}


@router.post(
    "/events", auth=token_auth, response={201: EventDetailOut}, summary="Создать мероприятие"
)
def event_create(request: HttpRequest, payload: EventIn) -> Status[Any]:
    require_api_perm(request, "events.add_event")
    data = payload.dict()
    data["organiser"] = _organiser(data.pop("organiser"))
    event = services.event_create(actor=api_user(request), **data)
    return Status(201, _detail(selectors.event_get(event.pk)))


def _organiser(value: int | None) -> Body | None:
    if value is None:
        return None
    body = Body.objects.filter(pk=value).first()
    if body is None:
        raise ValidationError({"organiser": [_("Орган не найден.")]})
    return body


@router.patch(
    "/events/{event_id}", auth=token_auth, response=EventDetailOut, summary="Изменить мероприятие"
)
def event_update(request: HttpRequest, event_id: Id, payload: EventPatch) -> dict[str, Any]:
    event = _visible_event(request, event_id)
    require_api_perm(request, "events.change_event", event)
    data = payload.dict(exclude_unset=True)
    empty = [k for k, v in data.items() if v is None and k not in NULLABLE]
    if empty:
        raise ValidationError({k: [_("Поле не может быть пустым.")] for k in empty})
    if "organiser" in data:
        data["organiser"] = _organiser(data["organiser"])
    services.event_update(actor=api_user(request), event=event, **data)
    return _detail(selectors.event_get(event.pk))


@router.get(
    "/events/{event_id}/registrations",
    auth=token_auth,
    response=RegistrationPage,
    summary="Регистрации на мероприятие",
)
def registrations(
    request: HttpRequest,
    event_id: Id,
    status: Literal["", "confirmed", "waitlisted", "cancelled"] = "",
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Everyone registered, in the order they came (the organiser's attendance list)."""
    event = _visible_event(request, event_id)
    require_api_perm(request, "events.view_registration", event)
    qs = selectors.registration_list(event, status)
    return {
        "count": qs.count(),
        "items": [registration_row(r) for r in qs[page_slice(limit, offset)]],
    }


def _detail(event: Event) -> dict[str, Any]:
    return {
        **event_out(event),
        "description": event.description,
        "preparation": event.preparation,
        "agenda": [
            {
                "order": item.order,
                "title": item.title,
                "duration_minutes": item.duration_minutes,
                "speaker": item.speaker,
                "section_id": item.section_id,
            }
            for item in event.agenda.all()
        ],
    }


@router.get(
    "/events/{event_id}",
    response=EventDetailOut,
    auth=optional_auth,
    summary="Мероприятие с повесткой",
)
def event_detail(request: HttpRequest, event_id: Id) -> dict[str, Any]:
    return _detail(_visible_event(request, event_id))


@router.post(
    "/events/{event_id}/registrations",
    response={201: RegistrationOut, 409: ErrorOut, 429: ErrorOut},
    auth=optional_auth,
    summary="Зарегистрироваться (без токена)",
)
def registration_create(request: HttpRequest, event_id: Id, payload: RegistrationIn) -> Status[Any]:
    event = _visible_event(request, event_id)
    if not request.user.has_perm("events.add_registration", event):
        raise Conflict(_("Регистрация на это мероприятие закрыта."))
    if not payload.consent:  # as the box of the HTML form (152-FZ, article 9)
        raise ValidationError({"consent": [str(CONSENT_REQUIRED)]})
    try:
        registration, _token = services.registration_create(
            event=event,
            name=payload.name,
            email=payload.email,
            user=request.user,
            client_address=client_address(request),
            consent_version=CONSENT_VERSION,
        )
    except ValidationError as error:
        if getattr(error, "code", None) == "rate_limited":
            raise HttpError(429, error.messages[0])
        raise
    return Status(
        201,
        {
            "id": registration.pk,
            "event": event.pk,
            "name": registration.name,
            "status": registration.status,
        },
    )


@router.post(
    "/events/{event_id}/decisions",
    auth=token_auth,
    response={201: DecisionOut},
    summary="Записать решение",
)
def decision_create(request: HttpRequest, event_id: Id, payload: DecisionIn) -> Status[Any]:
    event = _visible_event(request, event_id)
    require_api_perm(request, "events.add_decision", event)
    data = payload.dict()
    body_id = data.pop("body")
    body = None
    if body_id is not None:
        body = Body.objects.filter(pk=body_id).first()
        if body is None:
            raise ValidationError({"body": [_("Орган не найден.")]})
    decision = services.decision_record(actor=api_user(request), event=event, body=body, **data)
    return Status(201, _decision_out(decision))
