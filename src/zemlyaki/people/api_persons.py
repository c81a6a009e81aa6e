"""API of a person's card, as its pages change it: create (as a list import does, into an
association), change the profile, mark as initiative, consents and memberships, erase; and
the person's own consents and invitation. Same permissions, services and audit as the
pages. Registered on the people router."""

import datetime
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status

from zemlyaki.accounts.api_auth import api_user, require_api_perm, token_auth
from zemlyaki.core.api_schemas import DateIn, ErrorOut, Id
from zemlyaki.core.errors import Forbidden, NotFound
from zemlyaki.core.visibility import get_visible_or_404
from zemlyaki.registry.models import Association

from . import invitations, rights, selectors, services
from .api import PersonOut, person_out, router
from .api_access import Message, login_conflict
from .models import Consent, ConsentForm, MembershipRole, Person

if TYPE_CHECKING:
    RoleLiteral = str
    ConsentFormLiteral = str
else:
    RoleLiteral = Literal[tuple(MembershipRole.values)]
    ConsentFormLiteral = Literal[tuple(ConsentForm.values)]

Term = Id | str  # a vocabulary term by its id, or a new one by its name (proposed, unapproved)


class ConsentIn(Schema):
    purpose: str = Field(services.DEFAULT_PURPOSE, min_length=1, max_length=300)
    form: ConsentFormLiteral = ConsentForm.PAPER.value
    given_on: DateIn | None = None


class ConsentOut(Schema):
    id: int
    person: int
    purpose: str
    form: str
    given_on: datetime.date
    withdrawn_on: datetime.date | None


class PersonFields(Schema):
    patronymic: str | None = Field(None, max_length=150)
    birth_date: DateIn | None = None
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
    home_region: str | None = Field(None, max_length=2, description="Код субъекта РФ.")
    home_place: str | None = Field(None, max_length=200)
    moscow_district: str | None = Field(None, max_length=200)
    occupation: str | None = Field(None, max_length=300)
    workplace: str | None = Field(None, max_length=300)
    competencies: list[Term] | None = Field(None, max_length=100)
    interests: list[Term] | None = Field(None, max_length=100)
    show_as_expert: bool | None = None


class PersonIn(PersonFields):
    last_name: str = Field(min_length=1, max_length=150)
    first_name: str = Field(min_length=1, max_length=150)
    association: str = Field(description="Адрес (slug) землячества, членом которого он станет.")
    role: RoleLiteral = MembershipRole.MEMBER.value
    consent: ConsentIn | None = Field(None, description="Согласие, если оно уже дано.")


class PersonPatch(PersonFields):
    last_name: str | None = Field(None, min_length=1, max_length=150)
    first_name: str | None = Field(None, min_length=1, max_length=150)


class InitiativeIn(Schema):
    is_initiative: bool
    initiative_reason: str = Field("", max_length=300)


class MembershipIn(Schema):
    role: RoleLiteral = MembershipRole.MEMBER.value
    since: DateIn | None = None
    until: DateIn | None = None


class MembershipOut(Schema):
    id: int
    person: int
    association: str
    role: str
    since: datetime.date | None
    until: datetime.date | None


class ErasedOut(Schema):
    erased: dict[str, int]


class AcceptIn(Schema):
    token: str = Field(min_length=1, max_length=200, description="Токен из ссылки приглашения.")


def _person(request: HttpRequest, person_id: int, perm: str) -> Person:
    """404 for a person the caller may not see, 403 for one they see but may not act on."""
    user = api_user(request)
    person = get_visible_or_404(selectors.person_detail_queryset(), user, pk=person_id)
    if not user.has_perm(perm, person):
        raise Forbidden(_("Недостаточно прав для этого действия."))
    return person


def _association(slug: str, request: HttpRequest) -> Association:
    association = Association.objects.filter(slug=slug).first()
    if association is None:
        raise ValidationError({"association": [_("Землячество не найдено.")]})
    require_api_perm(request, "people.import_members", association)
    return association


def _fresh(person: Person, request: HttpRequest) -> dict[str, Any]:
    return person_out(selectors.person_get(person.pk), api_user(request))


def consent_out(consent: Consent) -> dict[str, Any]:
    return {
        "id": consent.pk,
        "person": consent.person_id,
        "purpose": consent.purpose,
        "form": consent.form,
        "given_on": consent.given_on,
        "withdrawn_on": consent.withdrawn_on,
    }


def _profile(data: dict[str, Any]) -> dict[str, Any]:
    """The fields as the services take them: an empty text for null, the rest as given."""
    for key in services.PERSON_FIELDS:
        if key in data and data[key] is None and key != "birth_date":
            data[key] = ""
    return data


@router.post(
    "/people",
    auth=token_auth,
    response={201: PersonOut},
    summary="Добавить участника в землячество",
    description="Как строка загруженного списка: руководитель землячества или координатор. "
    "Поиск совпадений не делается — для слияния со списком служит загрузка.",
)
def person_create(request: HttpRequest, payload: PersonIn) -> Status[Any]:
    data = payload.dict(exclude_unset=True)
    association = _association(data.pop("association"), request)
    role = data.pop("role", MembershipRole.MEMBER)
    consent = data.pop("consent", None)
    person = services.person_create(
        actor=api_user(request),
        data=_profile(data),
        association=association,
        role=role,
        consent=consent,
    )
    return Status(201, _fresh(person, request))


@router.patch(
    "/people/{int:person_id}", auth=token_auth, response=PersonOut, summary="Изменить профиль"
)
def person_update(request: HttpRequest, person_id: Id, payload: PersonPatch) -> dict[str, Any]:
    person = _person(request, person_id, "people.change_person")
    data = payload.dict(exclude_unset=True)
    for key in ("last_name", "first_name"):
        if key in data and data[key] is None:
            raise ValidationError({key: [_("Поле не может быть пустым.")]})
    services.person_update(actor=api_user(request), person=person, data=_profile(data))
    return _fresh(person, request)


@router.delete(
    "/people/{int:person_id}",
    auth=token_auth,
    response=ErasedOut,
    summary="Удалить персональные данные участника",
    description="Обезличивает карточку и записи о человеке в других разделах (152-ФЗ); "
    "членства, компетенции и интересы остаются без имени. Координатор.",
)
def person_erase(request: HttpRequest, person_id: Id) -> dict[str, Any]:
    person = _person(request, person_id, "people.erase_person")
    return {"erased": services.person_erase(actor=api_user(request), person=person)}


@router.put(
    "/people/{int:person_id}/initiative",
    auth=token_auth,
    response=PersonOut,
    summary="Отметить инициативного участника",
)
def person_initiative(request: HttpRequest, person_id: Id, payload: InitiativeIn) -> dict[str, Any]:
    person = _person(request, person_id, "people.mark_initiative")
    services.person_set_initiative(
        actor=api_user(request),
        person=person,
        value=payload.is_initiative,
        reason=payload.initiative_reason,
    )
    return _fresh(person, request)


@router.put(
    "/people/{int:person_id}/memberships/{slug}",
    auth=token_auth,
    response=MembershipOut,
    summary="Членство участника в землячестве",
    description="Создаёт или меняет членство (роль, даты). Руководитель этого землячества "
    "или координатор.",
)
def membership_set(
    request: HttpRequest, person_id: Id, slug: str, payload: MembershipIn
) -> dict[str, Any]:
    person = get_visible_or_404(Person, api_user(request), pk=person_id)
    association = Association.objects.filter(slug=slug).first()
    if association is None:
        raise NotFound(_("Землячество не найдено."))
    require_api_perm(request, "people.import_members", association)
    membership = services.membership_set(
        actor=api_user(request), person=person, association=association, **payload.dict()
    )
    return {
        "id": membership.pk,
        "person": person.pk,
        "association": association.slug,
        "role": membership.role,
        "since": membership.since,
        "until": membership.until,
    }


@router.post(
    "/people/{int:person_id}/consents",
    auth=token_auth,
    response={201: ConsentOut},
    summary="Внести согласие на обработку персональных данных",
)
def consent_add(request: HttpRequest, person_id: Id, payload: ConsentIn) -> Status[Any]:
    person = _person(request, person_id, "people.manage_consent")
    consent = services.consent_record(actor=api_user(request), person=person, **payload.dict())
    return Status(201, consent_out(consent))


@router.post(
    "/consents/{int:consent_id}/withdraw",
    auth=token_auth,
    response=ConsentOut,
    summary="Отозвать согласие участника",
)
def consent_withdraw(request: HttpRequest, consent_id: Id) -> dict[str, Any]:
    consent = Consent.objects.filter(pk=consent_id, person__isnull=False).first()
    if consent is None or consent.person_id is None:
        raise NotFound(_("Согласие не найдено."))
    _person(request, consent.person_id, "people.change_person")
    return consent_out(services.consent_withdraw(actor=api_user(request), consent=consent))


@router.post(
    "/me/consents/{int:consent_id}/withdraw",
    auth=token_auth,
    response=ConsentOut,
    summary="Отозвать своё согласие",
)
def my_consent_withdraw(request: HttpRequest, consent_id: Id) -> dict[str, Any]:
    require_api_perm(request, "people.view_own_data")
    own = rights.own_person(api_user(request))
    consent = Consent.objects.filter(pk=consent_id).first()
    if consent is None or own is None or consent.person_id != own.pk:
        raise NotFound(_("Согласие не найдено."))
    return consent_out(rights.own_consent_withdraw(user=api_user(request), consent=consent))


@router.post(
    "/person-invitations/accept",
    auth=token_auth,
    response={200: PersonOut, 404: ErrorOut, 409: Message},
    summary="Принять приглашение: связать свою учётную запись с профилем",
    description="Неизвестное, использованное или просроченное приглашение — ответ 404; "
    "учётная запись, уже связанная с другим участником, — 409 (как при связывании "
    "координатором).",
)
def invitation_accept(request: HttpRequest, payload: AcceptIn) -> dict[str, Any]:
    invitation = invitations.invitation_by_token(payload.token)
    if invitation is None or not invitation.is_pending:
        raise NotFound(_("Приглашение не найдено или уже не действует."))
    try:
        person = invitations.invitation_accept(invitation=invitation, user=api_user(request))
    except ValidationError as error:
        login_conflict(error)
    return _fresh(person, request)
