"""API of the coordinator's people pages: candidate lists (for the expert council), the
vocabularies of competencies and interests, decisions on erasure requests. Same
permissions, services and audit as the pages. Registered on the people router."""

from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status

from zemlyaki.accounts.api_auth import api_user, require_api_perm, token_auth
from zemlyaki.core.api_schemas import Id
from zemlyaki.core.errors import NotFound

from . import rights, selectors, services
from .api import TermOut, router
from .models import CandidateEntry, CandidateList
from .models_access import ErasureRequest

Kind = Literal["competencies", "interests"]


class CandidateListIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    purpose: str = Field("", max_length=5000)


class CandidateListOut(Schema):
    id: int
    name: str
    purpose: str
    entries: int


class PersonCandidatesIn(Schema):
    persons: list[Id] = Field(min_length=1, max_length=1000)
    note: str = Field("", max_length=300)


class AddedOut(Schema):
    added: int


class TermIn(Schema):
    name: str = Field(min_length=1, max_length=150)
    parent: Id | None = Field(None, description="Сфера (запись верхнего уровня) или null.")
    synonyms: str = Field("", max_length=500, description="Через запятую.")


class TermPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=150)
    parent: Id | None = None
    synonyms: str | None = Field(None, max_length=500)


class PersonMergeIn(Schema):
    target: Id


class ErasureDecisionIn(Schema):
    action: Literal["carry_out", "refuse"]
    reason: str = Field("", max_length=2000, description="Причина отказа (для refuse).")


class ErasureDecisionOut(Schema):
    id: int
    status: str


def _list(list_id: int) -> CandidateList:
    found = CandidateList.objects.filter(pk=list_id).first()
    if found is None:
        raise NotFound(_("Список кандидатов не найден."))
    return found


def _list_out(candidate_list: CandidateList) -> dict[str, Any]:
    return {
        "id": candidate_list.pk,
        "name": candidate_list.name,
        "purpose": candidate_list.purpose,
        "entries": candidate_list.entries.count(),
    }


def term_out(term: Any) -> dict[str, Any]:
    return {
        "id": term.pk,
        "name": term.name,
        "parent": term.parent_id,
        "synonyms": term.synonym_list(),
        "is_approved": term.is_approved,
    }


def _parent(model: Any, value: int | None) -> Any:
    if value is None:
        return None
    parent = model.objects.filter(pk=value, parent__isnull=True, is_approved=True).first()
    if parent is None:
        raise ValidationError({"parent": [_("Сфера не найдена.")]})
    return parent


def _term(model: Any, term_id: int) -> Any:
    term = model.objects.filter(pk=term_id).first()
    if term is None:
        raise NotFound(_("Запись словаря не найдена."))
    return term


@router.post(
    "/candidate-lists",
    auth=token_auth,
    response={201: CandidateListOut},
    summary="Создать список кандидатов",
)
def candidate_list_create(request: HttpRequest, payload: CandidateListIn) -> Status[Any]:
    require_api_perm(request, "people.manage_candidates")
    created = services.candidate_list_create(actor=api_user(request), **payload.dict())
    return Status(201, _list_out(created))


@router.post(
    "/candidate-lists/{int:list_id}/entries",
    auth=token_auth,
    response=AddedOut,
    summary="Добавить людей в список кандидатов",
)
def candidates_add(
    request: HttpRequest, list_id: Id, payload: PersonCandidatesIn
) -> dict[str, Any]:
    """Only people the caller may see are added; those already in the list stay as they are."""
    require_api_perm(request, "people.manage_candidates")
    candidate_list = _list(list_id)
    persons = list(selectors.visible_persons(api_user(request)).filter(pk__in=payload.persons))
    added = services.candidate_add(
        actor=api_user(request), candidate_list=candidate_list, persons=persons, note=payload.note
    )
    return {"added": added}


@router.delete(
    "/candidate-lists/{int:list_id}/entries/{int:entry_id}",
    auth=token_auth,
    response={204: None},
    summary="Убрать кандидата из списка",
)
def candidate_remove(request: HttpRequest, list_id: Id, entry_id: Id) -> Status[Any]:
    require_api_perm(request, "people.manage_candidates")
    entry = CandidateEntry.objects.filter(pk=entry_id, candidate_list=_list(list_id)).first()
    if entry is None:
        raise NotFound(_("Кандидат не найден в списке."))
    services.candidate_remove(actor=api_user(request), entry=entry)
    return Status(204, None)


@router.post(
    "/vocabulary/{kind}",
    auth=token_auth,
    response={201: TermOut},
    summary="Добавить запись словаря",
)
def term_create(request: HttpRequest, kind: Kind, payload: TermIn) -> Status[Any]:
    require_api_perm(request, "people.manage_vocabulary")
    model = services.term_model(kind)
    term = services.term_create(
        actor=api_user(request),
        kind=kind,
        name=payload.name,
        parent=_parent(model, payload.parent),
        synonyms=payload.synonyms,
    )
    return Status(201, term_out(term))


@router.patch(
    "/vocabulary/{kind}/{int:term_id}",
    auth=token_auth,
    response=TermOut,
    summary="Изменить запись словаря (и утвердить её)",
)
def term_update(request: HttpRequest, kind: Kind, term_id: Id, payload: TermPatch) -> Any:
    require_api_perm(request, "people.manage_vocabulary")
    model = services.term_model(kind)
    term = _term(model, term_id)
    data = payload.dict(exclude_unset=True)
    for key in ("name", "synonyms"):
        if key in data and data[key] is None:
            raise ValidationError({key: [_("Поле не может быть пустым.")]})
    if "parent" in data:
        data["parent"] = _parent(model, data["parent"])
    term = services.term_update(actor=api_user(request), term=term, is_approved=True, **data)
    return term_out(term)


@router.post(
    "/vocabulary/{kind}/{int:term_id}/merge",
    auth=token_auth,
    response=TermOut,
    summary="Объединить запись словаря с другой",
)
def term_merge(request: HttpRequest, kind: Kind, term_id: Id, payload: PersonMergeIn) -> Any:
    """People keep the term under the target's name; the answer is the target."""
    require_api_perm(request, "people.manage_vocabulary")
    model = services.term_model(kind)
    source = _term(model, term_id)
    target = model.objects.filter(pk=payload.target, is_approved=True).first()
    if target is None:
        raise ValidationError({"target": [_("Выберите другую запись того же словаря.")]})
    return term_out(services.term_merge(actor=api_user(request), source=source, target=target))


@router.post(
    "/erasure-requests/{int:request_id}/decision",
    auth=token_auth,
    response=ErasureDecisionOut,
    summary="Решение по запросу на удаление персональных данных",
)
def erasure_decide(
    request: HttpRequest, request_id: Id, payload: ErasureDecisionIn
) -> dict[str, Any]:
    require_api_perm(request, "people.manage_erasure")
    erasure = ErasureRequest.objects.filter(pk=request_id).first()
    if erasure is None:
        raise NotFound(_("Запрос не найден."))
    if payload.action == "carry_out":
        done = rights.erasure_request_carry_out(actor=api_user(request), request=erasure)
    else:
        done = rights.erasure_request_refuse(
            actor=api_user(request), request=erasure, reason=payload.reason
        )
    return {"id": done.pk, "status": done.status}
