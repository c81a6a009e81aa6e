"""API of a person's login and rights: invitations, the link of a login to a card, and the
signed-in person's own data and erasure request. Registered on the people router."""

from typing import Any, NoReturn

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.errors import HttpError

from zemlyaki.accounts.api_auth import api_user, optional_auth, token_auth
from zemlyaki.core.api_schemas import ErrorOut, Id
from zemlyaki.core.errors import Conflict, Forbidden, NotFound
from zemlyaki.core.security import client_address
from zemlyaki.core.visibility import get_visible_or_404

from . import invitations, rights, services
from .api import router
from .models import Person
from .models_access import PersonInvitation


class InvitationIn(Schema):
    email: str = ""


class InvitationOut(Schema):
    id: int
    person: int
    email: str
    status: str
    expires_at: str


class UserLinkIn(Schema):
    username: str


class LinkOut(Schema):
    person: int
    username: str | None


class NewLoginIn(Schema):
    token: str = Field(min_length=1, max_length=200, description="Токен из ссылки приглашения.")
    username: str = Field(min_length=1, max_length=150, description="Имя для входа.")
    password: str = Field(min_length=1, max_length=4096)


class NewLoginOut(Schema):
    person: int
    username: str


class ErasureIn(Schema):
    comment: str = ""


class ErasureOut(Schema):
    id: int
    status: str
    requested_at: str
    due_on: str


class Message(Schema):
    detail: str


def _person(request: HttpRequest, person_id: int, perm: str) -> Person:
    """404 for a person the caller may not see (missing and hidden look alike), 403 for
    one they see but may not act on."""
    user = request.user
    person = get_visible_or_404(Person, user, pk=person_id)
    if not user.has_perm(perm, person):
        raise Forbidden()
    return person


def login_conflict(error: ValidationError) -> NoReturn:
    """A refused conflict (one login per person, one person per login) answers 409."""
    if getattr(error, "code", None) in {"conflict", "state", "erased"}:
        raise HttpError(409, " ".join(error.messages))
    raise error


def invitation_out(invitation: PersonInvitation) -> dict[str, Any]:
    return {
        "id": invitation.pk,
        "person": invitation.person_id,
        "email": invitation.email,
        "status": invitation.status,
        "expires_at": invitation.expires_at.isoformat(),
    }


@router.post(
    "/people/{int:person_id}/invitation",
    auth=token_auth,
    response={201: InvitationOut, 409: Message},
    summary="Пригласить участника получить учётную запись",
    description="Письмо с одноразовой ссылкой уходит на адрес из тела запроса или из "
    "карточки. Прежнее неиспользованное приглашение перестаёт действовать. Руководитель "
    "землячества участника или координатор.",
)
def invitation_create(request: HttpRequest, person_id: Id, payload: InvitationIn) -> Status:
    person = _person(request, person_id, "people.invite_person")
    try:
        invitation, _token = invitations.invitation_create(
            actor=api_user(request),
            person=person,
            email=payload.email,
            base_url=invitations.site_base(request),
        )
    except ValidationError as error:
        login_conflict(error)
    return Status(201, invitation_out(invitation))


@router.delete(
    "/people/{int:person_id}/invitation",
    auth=token_auth,
    response={204: None},
    summary="Отозвать приглашение участника",
)
def invitation_revoke(request: HttpRequest, person_id: Id) -> Status:
    person = _person(request, person_id, "people.invite_person")
    invitation = invitations.pending_invitation(person)
    if invitation is None:
        raise NotFound(_("Действующего приглашения нет."))
    invitations.invitation_revoke(actor=api_user(request), invitation=invitation)
    return Status(204, None)


@router.post(
    "/person-invitations/new-login",
    auth=optional_auth,
    response={201: NewLoginOut, 404: ErrorOut, 409: Message, 429: ErrorOut},
    summary="Принять приглашение: завести учётную запись по личной ссылке (без токена)",
    description="Как страница приглашения: новая учётная запись участника с выбранными "
    "именем для входа и паролем связывается с его профилем, ссылка расходуется. Пароль "
    "проходит те же проверки, что на странице (ответ 422 с полем password), занятое имя — "
    "422 с полем username. Неизвестное, использованное, отозванное или просроченное "
    "приглашение — 404; профиль, уже связанный с учётной записью, — 409; с одного адреса "
    "не больше нескольких учётных записей в час — 429. С токеном API ответ 409: вошедший "
    "принимает приглашение своей учётной записью (POST /api/v1/person-invitations/accept).",
)
def invitation_new_login(request: HttpRequest, payload: NewLoginIn) -> Status:
    if request.user.is_authenticated:
        raise Conflict(
            _(
                "Вы вошли в систему: примите приглашение своей учётной записью "
                "(POST /api/v1/person-invitations/accept)."
            )
        )
    invitation = invitations.invitation_by_token(payload.token)
    if invitation is None:
        raise NotFound(_("Приглашение не найдено или уже не действует."))
    try:
        invitations.check_usable(invitation)
    except ValidationError as error:
        raise NotFound(" ".join(error.messages)) from None
    try:
        user = invitations.invitation_accept_new_user(
            invitation=invitation,
            username=payload.username,
            password=payload.password,
            client_address=client_address(request),
        )
    except ValidationError as error:
        login_conflict(error)
    return Status(201, {"person": invitation.person_id, "username": user.get_username()})


@router.put(
    "/people/{int:person_id}/user",
    auth=token_auth,
    response={200: LinkOut, 409: Message},
    summary="Связать учётную запись с участником",
    description="Одна учётная запись — один участник. Координатор.",
)
def user_link(request: HttpRequest, person_id: Id, payload: UserLinkIn) -> dict[str, Any]:
    person = _person(request, person_id, "people.link_user")
    user = get_user_model().objects.filter(username=payload.username.strip()).first()
    if user is None:
        raise ValidationError({"username": [_("Пользователь не найден.")]})
    try:
        person = services.person_link_user(actor=api_user(request), person=person, user=user)
    except ValidationError as error:
        login_conflict(error)
    return {"person": person.pk, "username": user.get_username()}


@router.delete(
    "/people/{int:person_id}/user",
    auth=token_auth,
    response={204: None, 409: Message},
    summary="Отвязать учётную запись от участника",
)
def user_unlink(request: HttpRequest, person_id: Id) -> Status:
    person = _person(request, person_id, "people.link_user")
    try:
        invitations.person_unlink_user(actor=api_user(request), person=person)
    except ValidationError as error:
        login_conflict(error)
    return Status(204, None)


def _own(request: HttpRequest) -> Person:
    person = rights.own_person(api_user(request))
    if person is None:
        raise NotFound(_("С учётной записью не связан профиль участника."))
    return person


@router.get(
    "/me/data",
    auth=token_auth,
    response={200: dict[str, Any], 404: ErrorOut},
    summary="Мои данные: всё, что платформа хранит обо мне",
)
def my_data(request: HttpRequest) -> dict[str, Any]:
    return rights.own_data(user=api_user(request), person=_own(request))


@router.post(
    "/me/erasure-request",
    auth=token_auth,
    response={201: ErasureOut, 404: ErrorOut, 409: Message},
    summary="Попросить удалить мои персональные данные",
)
def my_erasure_request(request: HttpRequest, payload: ErasureIn) -> Status:
    try:
        erasure = rights.erasure_request_create(
            actor=api_user(request),
            person=_own(request),
            comment=payload.comment,
        )
    except ValidationError as error:
        login_conflict(error)
    return Status(
        201,
        {
            "id": erasure.pk,
            "status": erasure.status,
            "requested_at": erasure.requested_at.isoformat(),
            "due_on": erasure.due_on.isoformat(),
        },
    )
