"""API of the people app: expert search, persons, vocabularies and list imports."""

from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from zemlyaki.accounts.api_auth import api_user, require_api_perm, token_auth
from zemlyaki.core.api_schemas import (
    REFERENCE_LIMIT,
    ErrorOut,
    Id,
    Limit,
    Offset,
    Page,
    page_slice,
)
from zemlyaki.core.errors import NotFound
from zemlyaki.core.protected_files import Download, send
from zemlyaki.core.visibility import get_visible_or_404
from zemlyaki.registry.models import Association

from . import importing, selectors, services
from .models import AccessAction, Competency, Interest, MemberImport, Person, RowStatus

router = Router(tags=["Участники и эксперты"])


class TermOut(Schema):
    id: int
    name: str
    parent: int | None
    synonyms: list[str]
    is_approved: bool


class PersonDetails(Schema):
    birth_date: str | None
    phone: str
    email: str
    home_region: str | None
    home_place: str
    moscow_district: str
    occupation: str
    workplace: str
    interests: list[str]
    associations: list[str]
    is_initiative: bool
    show_as_expert: bool
    has_consent: bool


class PersonOut(Schema):
    id: int
    last_name: str
    first_name: str
    patronymic: str
    competencies: list[str]
    details: PersonDetails | None = Field(
        None, description="Только тем, кому доступен весь профиль; члену рабочего органа — null."
    )


class PersonPage(Schema):
    count: int = Field(
        description="Сколько найдено; при count_is_estimate — предел точного подсчёта "
        "(найдено больше)."
    )
    count_is_estimate: bool = Field(
        False,
        description="true, когда найдено больше, чем count: точный подсчёт останавливается "
        "на пределе (1 000), страницы за ним можно запрашивать через offset.",
    )
    items: list[PersonOut]


class ImportRowOut(Schema):
    number: int
    status: str
    match_on: str
    messages: list[str]
    person: int | None


class ImportOut(Schema):
    id: int
    association: str
    file_name: str
    status: str
    on_match: str
    total: int
    processed: int
    created: int
    matched: int
    updated: int
    errors: int
    preview: dict[str, int]
    headers: list[str]
    mapping: dict[str, str]
    failure: str = Field(description="Причина сбоя или того, что столбцы не сопоставлены")
    stalled: bool = Field(description="Работа над файлом прервалась: её можно перезапустить")


class ImportPreviewOut(ImportOut):
    rows: list[ImportRowOut]


class MappingIn(Schema):
    mapping: dict[str, str] = Field(
        description="Номер столбца (с нуля) → поле; пустая строка — столбец не загружать"
    )
    save: bool = Field(False, description="Запомнить сопоставление для следующих списков")


class CommitIn(Schema):
    on_match: Literal["skip", "fill", "update"] = "fill"


def person_out(person: Person, user: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": person.pk,
        "last_name": person.last_name,
        "first_name": person.first_name,
        "patronymic": person.patronymic,
        "competencies": [c.name for c in person.competencies.all()],
    }
    if selectors.limited_view(user, person):
        data["details"] = None
        return data
    data["details"] = {
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "phone": person.phone,
        "email": person.email,
        "home_region": person.home_region.code if person.home_region else None,
        "home_place": person.home_place,
        "moscow_district": person.moscow_district,
        "occupation": person.occupation,
        "workplace": person.workplace,
        "interests": [i.name for i in person.interests.all()],
        "associations": [m.association.slug for m in person.memberships.all()],
        "is_initiative": person.is_initiative,
        "show_as_expert": person.show_as_expert,
        "has_consent": person.has_consent,
    }
    return data


def _flag(value: str) -> bool | None:
    return (
        {"1": True, "true": True, "0": False, "false": False}.get(value.lower()) if value else None
    )


@router.get(
    "/people",
    auth=token_auth,
    response=PersonPage,
    summary="Поиск участников и экспертов",
)
def people(
    request: HttpRequest,
    q: str = "",
    competency: str = "",
    interest: str = "",
    association: str = "",
    region: str = "",
    district: str = "",
    initiative: str = "",
    expert: str = "",
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    require_api_perm(request, "people.search_people")
    user = api_user(request)
    filters: dict[str, Any] = {
        "q": q,
        "competency": competency or None,
        "interest": interest or None,
        "association": association,
        "region": region,
        "district": district,
        "initiative": _flag(initiative),
        "expert": _flag(expert),
    }
    qs, terms = selectors.person_search(user=user, **filters)
    window = page_slice(limit, offset)
    found = selectors.search_slice(qs, terms, window.start, window.stop - window.start)
    items = [person_out(p, user) for p in found.rows]
    services.access_log(user=user, action=AccessAction.SEARCH, query=filters, rows=found.count)
    return {"count": found.count, "count_is_estimate": found.capped, "items": items}


@router.get("/people/{int:person_id}", auth=token_auth, response=PersonOut, summary="Участник")
def person_detail(request: HttpRequest, person_id: Id) -> dict[str, Any]:
    user = request.user
    person = get_visible_or_404(selectors.person_detail_queryset(), user, pk=person_id)
    if person.user_id != user.pk:
        services.access_log(user=user, action=AccessAction.VIEW_PERSON, person=person, rows=1)
    return person_out(person, user)


def _terms(model: Any, limit: int, offset: int) -> dict[str, Any]:
    qs = model.objects.order_by("parent_id", "name", "pk")
    items = [
        {
            "id": t.pk,
            "name": t.name,
            "parent": t.parent_id,
            "synonyms": t.synonym_list(),
            "is_approved": t.is_approved,
        }
        for t in qs[page_slice(limit, offset)]
    ]
    return {"count": qs.count(), "items": items}


@router.get("/competencies", response=Page[TermOut], summary="Словарь компетенций")
def competencies(
    request: HttpRequest, limit: Limit = REFERENCE_LIMIT, offset: Offset = 0
) -> dict[str, Any]:
    return _terms(Competency, limit, offset)


@router.get("/interests", response=Page[TermOut], summary="Словарь общественных интересов")
def interests(
    request: HttpRequest, limit: Limit = REFERENCE_LIMIT, offset: Offset = 0
) -> dict[str, Any]:
    return _terms(Interest, limit, offset)


# The 202 answers name the import's address, where its state and progress are read.
ACCEPTED = {
    "responses": {
        202: {
            "headers": {
                "Location": {
                    "description": "Адрес загрузки: её состояние и ход работы",
                    "schema": {"type": "string"},
                }
            }
        }
    }
}


def import_out(member_import: MemberImport, rows: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": member_import.pk,
        "association": member_import.association.slug,
        "file_name": member_import.file_name,
        "status": member_import.status,
        "on_match": member_import.on_match,
        "total": member_import.total,
        "processed": member_import.processed,
        "created": member_import.created,
        "matched": member_import.matched,
        "updated": member_import.updated,
        "errors": member_import.errors,
        "preview": {
            "new": member_import.preview_new,
            "matched": member_import.preview_matched,
            "errors": member_import.preview_errors,
        },
        "headers": member_import.headers,
        "mapping": member_import.mapping,
        "failure": member_import.failure,
        "stalled": member_import.is_stalled,
    }
    if rows:
        data["rows"] = [
            {
                "number": r.number,
                "status": r.status,
                "match_on": r.match_on,
                "messages": r.messages,
                # A new row names its person once applied (``rows._reserve_person_ids``).
                "person": r.person_id if r.outcome or r.status != RowStatus.NEW else None,
            }
            for r in member_import.rows.order_by("number")[:500]
        ]
    return data


def _import(request: HttpRequest, import_id: Id) -> MemberImport:
    member_import = get_object_or_404(
        MemberImport.objects.select_related("association"), pk=import_id
    )
    if not request.user.has_perm("people.import_members", member_import.association):
        raise NotFound()
    return member_import


@router.post(
    "/people/imports",
    auth=token_auth,
    response={202: ImportOut},
    openapi_extra=ACCEPTED,
    summary="Загрузить список",
    description=(
        "Файл сохраняется, и загрузка создаётся сразу (202, адрес загрузки в заголовке "
        "Location); чтение файла и предпросмотр идут в фоне. Состояние и ход работы — "
        "GET по адресу загрузки: status «reading» (processed — прочитано строк), затем "
        "«preview», «mapping» (столбцы не сопоставлены, причина в failure) или «failed»."
    ),
)
def import_create(
    request: HttpRequest, response: HttpResponse, file: File[UploadedFile], association: Form[str]
) -> Status[Any]:
    target = Association.objects.filter(slug=association).first()
    if target is None:
        raise ValidationError({"association": [_("Землячество не найдено.")]})
    require_api_perm(request, "people.import_members", target)
    from django.conf import settings

    if file.size and file.size > settings.ZEMLYAKI_UPLOAD_MAX_BYTES:
        raise ValidationError({"file": [_("Файл слишком большой.")]})
    member_import = importing.import_create(
        actor=api_user(request),
        association=target,
        file_name=file.name or "list.csv",
        content=file.read(),
    )
    member_import.refresh_from_db()
    response["Location"] = _import_url(member_import)
    return Status(202, import_out(member_import))


def _import_url(member_import: MemberImport) -> str:
    return reverse("api:people_import_detail", kwargs={"import_id": member_import.pk})


@router.get(
    "/people/imports/{int:import_id}",
    auth=token_auth,
    response=ImportPreviewOut,
    summary="Состояние загрузки",
    url_name="people_import_detail",
    description=(
        "Состояние, ход работы (processed из total), итоги и первые 500 строк; все строки "
        "с ошибками — в отчёте errors.xlsx."
    ),
)
def import_detail(request: HttpRequest, import_id: Id) -> dict[str, Any]:
    return import_out(_import(request, import_id), rows=True)


@router.post(
    "/people/imports/{int:import_id}/mapping",
    auth=token_auth,
    response={202: ImportOut},
    openapi_extra=ACCEPTED,
    summary="Изменить сопоставление столбцов",
    description="Предпросмотр строится заново в фоне, как после загрузки.",
)
def import_mapping(
    request: HttpRequest, response: HttpResponse, import_id: Id, payload: MappingIn
) -> Status[Any]:
    member_import = importing.import_set_mapping(
        actor=api_user(request),
        member_import=_import(request, import_id),
        mapping=payload.mapping,
        save=payload.save,
    )
    member_import.refresh_from_db()
    response["Location"] = _import_url(member_import)
    return Status(202, import_out(member_import))


@router.post(
    "/people/imports/{int:import_id}/restart",
    auth=token_auth,
    response={202: ImportOut},
    openapi_extra=ACCEPTED,
    summary="Перезапустить прервавшуюся загрузку",
)
def import_restart(request: HttpRequest, response: HttpResponse, import_id: Id) -> Status[Any]:
    member_import = importing.import_restart(
        actor=api_user(request), member_import=_import(request, import_id)
    )
    member_import.refresh_from_db()
    response["Location"] = _import_url(member_import)
    return Status(202, import_out(member_import))


@router.post(
    "/people/imports/{int:import_id}/commit",
    auth=token_auth,
    response=ImportOut,
    summary="Применить загрузку",
)
def import_commit(request: HttpRequest, import_id: Id, payload: CommitIn) -> dict[str, Any]:
    member_import = importing.import_commit(
        actor=api_user(request),
        member_import=_import(request, import_id),
        on_match=payload.on_match,
    )
    member_import.refresh_from_db()
    return import_out(member_import)


@router.post(
    "/people/imports/{int:import_id}/undo",
    auth=token_auth,
    response={202: ImportOut},
    openapi_extra=ACCEPTED,
    summary="Отменить загрузку",
    description=(
        "Отмена ставится в очередь (202, адрес загрузки в заголовке Location) и идёт в "
        "фоне: status «undoing» (processed из total), затем «undone». Если отменить не "
        "удалось, загрузка остаётся применённой (status «done»), причина — в failure; "
        "отмену можно повторить."
    ),
)
def import_undo(request: HttpRequest, response: HttpResponse, import_id: Id) -> Status[Any]:
    member_import = importing.import_undo(
        actor=api_user(request), member_import=_import(request, import_id)
    )
    member_import.refresh_from_db()
    response["Location"] = _import_url(member_import)
    return Status(202, import_out(member_import))


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/people/imports/{int:import_id}/errors.xlsx",
    auth=token_auth,
    response={409: ErrorOut},
    openapi_extra={
        "responses": {
            200: {
                "description": "Строки с ошибками и их причины (XLSX)",
                "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
    summary="Отчёт об ошибках загрузки",
    description=(
        "Строки файла с ошибками и причины, как на странице загрузки. Отчёт пишется в фоне "
        "вместе с предпросмотром; пока он не готов — 409, если строк с ошибками нет — 404."
    ),
)
def import_errors(request: HttpRequest, import_id: Id) -> HttpResponseBase:
    member_import = _import(request, import_id)
    stored = importing.error_report_download(member_import)
    return send(Download(stored, filename=importing.error_report_name(member_import)))


# Invitations, the link of a login, and the signed-in person's rights; a person's card;
# candidate lists, vocabularies and erasure decisions: their own modules, on this router.
from . import api_access, api_lists, api_persons  # noqa: E402,F401
