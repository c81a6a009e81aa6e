"""API of the registry: regions, federal districts, stakeholder kinds, associations, stakeholders."""

import json
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import field_validator

from zemlyaki.accounts.api_auth import api_user, require_api_perm, token_auth
from zemlyaki.core.api_schemas import (
    REFERENCE_LIMIT,
    ErrorOut,
    Id,
    Limit,
    Offset,
    Page,
    page_of,
    page_slice,
)
from zemlyaki.core.cache import cached
from zemlyaki.core.models import Region
from zemlyaki.core.selectors import federal_district_list, region_list

from . import selectors, services
from .models import Association, AssociationStatus, LegalForm, Stakeholder, StakeholderKind

router = Router(tags=["Реестр"])

StatusLiteral = Literal["active", "suspended", "liquidated"]
# The choices of a model field as a Literal for the API schema (an enum in OpenAPI);
# the type checker reads them as plain strings.
if TYPE_CHECKING:
    LegalFormLiteral = str
    KindLiteral = str
else:
    LegalFormLiteral = Literal[tuple(LegalForm.values)]
    KindLiteral = Literal[tuple(StakeholderKind.values)]


class RegionOut(Schema):
    code: str
    name: str
    kind: str
    iso_code: str
    federal_district: str


class DistrictOut(Schema):
    code: str
    name: str
    short_name: str


class KindOut(Schema):
    code: str
    name: str


class AssociationOut(Schema):
    slug: str
    name: str
    short_name: str
    regions: list[str]
    legal_form: str
    ogrn: str
    inn: str
    founded_year: int | None
    status: str
    address: str
    phone: str
    email: str
    website: str
    social_links: list[str]
    description: str
    is_demo: bool


class AssociationPage(Schema):
    count: int
    items: list[AssociationOut]


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class AssociationIn(Schema):
    name: str = Field(..., min_length=1, max_length=300)
    slug: str = Field("", max_length=80)
    short_name: str = Field("", max_length=150)
    regions: list[str] = Field(..., min_length=1)
    legal_form: LegalFormLiteral = LegalForm.REGIONAL_PUBLIC.value
    ogrn: str = Field("", max_length=15)
    inn: str = Field("", max_length=12)
    founded_year: int | None = None
    status: StatusLiteral = "active"
    address: str = Field("", max_length=300)
    phone: str = Field("", max_length=40)
    email: str = ""
    website: str = ""
    social_links: list[str] = []
    description: str = ""

    _strip_strings = field_validator("*", mode="before")(_strip)


class AssociationPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=300)
    slug: str | None = Field(None, max_length=80)
    short_name: str | None = Field(None, max_length=150)
    regions: list[str] | None = Field(None, min_length=1)
    legal_form: LegalFormLiteral | None = None
    ogrn: str | None = Field(None, max_length=15)
    inn: str | None = Field(None, max_length=12)
    founded_year: int | None = None
    status: StatusLiteral | None = None
    address: str | None = Field(None, max_length=300)
    phone: str | None = Field(None, max_length=40)
    email: str | None = None
    website: str | None = None
    social_links: list[str] | None = None
    description: str | None = None

    _strip_strings = field_validator("*", mode="before")(_strip)


class StakeholderOut(Schema):
    id: int
    kind: str
    kind_name: str
    name: str
    website: str
    regions: list[str]
    association: str | None


class StakeholderPage(Schema):
    count: int
    items: list[StakeholderOut]


class StakeholderIn(Schema):
    kind: KindLiteral
    name: str = Field(..., min_length=1, max_length=300)
    contact_person: str = Field("", max_length=200)
    phone: str = Field("", max_length=40)
    email: str = ""
    website: str = ""
    regions: list[str] = []
    association: str | None = None
    description: str = ""

    _strip_strings = field_validator("*", mode="before")(_strip)


def _regions(codes: list[str]) -> list[Region]:
    found = {r.code: r for r in Region.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationError(
            {
                "regions": [
                    _("Неизвестный код субъекта РФ: %(codes)s.") % {"codes": ", ".join(missing)}
                ]
            }
        )
    return [found[c] for c in dict.fromkeys(codes)]


def association_out(a: Association) -> dict[str, Any]:
    return {
        "slug": a.slug,
        "name": a.name,
        "short_name": a.short_name,
        "regions": [r.code for r in a.regions.all()],
        "legal_form": a.legal_form,
        "ogrn": a.ogrn,
        "inn": a.inn,
        "founded_year": a.founded_year,
        "status": a.status,
        "address": a.address,
        "phone": a.phone,
        "email": a.email,
        "website": a.website,
        "social_links": a.social_links or [],
        "description": a.description,
        "is_demo": a.is_demo,
    }


@router.get("/regions", response=Page[RegionOut], summary="Субъекты Российской Федерации")
def regions(
    request: HttpRequest, limit: Limit = REFERENCE_LIMIT, offset: Offset = 0
) -> dict[str, Any]:
    rows = [
        {
            "code": r.code,
            "name": r.name,
            "kind": r.kind,
            "iso_code": r.iso_code,
            "federal_district": r.federal_district.code,
        }
        for r in region_list().order_by("code")
    ]
    return page_of(rows, limit, offset)


@router.get("/federal-districts", response=Page[DistrictOut], summary="Федеральные округа")
def federal_districts(
    request: HttpRequest, limit: Limit = REFERENCE_LIMIT, offset: Offset = 0
) -> dict[str, Any]:
    return page_of(list(federal_district_list()), limit, offset)


@router.get("/stakeholder-kinds", response=Page[KindOut], summary="Виды субъектов стратегии")
def stakeholder_kinds(
    request: HttpRequest, limit: Limit = REFERENCE_LIMIT, offset: Offset = 0
) -> dict[str, Any]:
    rows = [{"code": value, "name": str(label)} for value, label in StakeholderKind.choices]
    return page_of(rows, limit, offset)


@router.get("/associations", response=AssociationPage, summary="Землячества")
def associations(
    request: HttpRequest,
    q: str = "",
    region: str = "",
    district: str = "",
    status: str = "",
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    if status and status not in AssociationStatus.values:
        raise HttpError(422, _("Неизвестный статус."))

    def build() -> bytes:
        qs = selectors.association_list(q=q, region=region, district=district, status=status)
        rows = selectors.association_rows(qs, page_slice(limit, offset))
        return json.dumps({"count": qs.count(), "items": rows}, ensure_ascii=False).encode()

    # Rows are built to the schema by the selector and answered directly, without a second
    # validation (tests hold the answer to AssociationPage); like the catalogue page, the
    # answer is cached until the data's version changes.
    body = cached(
        "registry:api-associations",
        selectors.catalogue_version(),
        [q, region, district, status, limit, offset],
        build,
    )
    return HttpResponse(body, content_type="application/json")


@router.get("/associations/{slug}", response=AssociationOut, summary="Землячество")
def association_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    return association_out(get_object_or_404(selectors.association_list(), slug=slug))


@router.post(
    "/associations",
    auth=token_auth,
    response={201: AssociationOut},
    summary="Добавить землячество",
)
def association_create(request: HttpRequest, payload: AssociationIn) -> Status[Any]:
    require_api_perm(request, "registry.add_association")
    data = payload.dict()
    regions = _regions(data.pop("regions"))
    association = services.association_create(actor=api_user(request), regions=regions, **data)
    return Status(201, association_out(association))


@router.patch(
    "/associations/{slug}", auth=token_auth, response=AssociationOut, summary="Изменить землячество"
)
def association_update(
    request: HttpRequest, slug: str, payload: AssociationPatch
) -> dict[str, Any]:
    association = get_object_or_404(Association, slug=slug)
    require_api_perm(request, "registry.change_association", association)
    data = payload.dict(exclude_unset=True)
    regions = _regions(data.pop("regions")) if data.get("regions") is not None else None
    data.pop("regions", None)
    for key in [k for k, v in data.items() if v is None and k != "founded_year"]:
        data.pop(key)
    association = services.association_update(
        actor=api_user(request),
        association=association,
        regions=regions,
        **data,
    )
    return association_out(selectors.association_get(association.slug))


def stakeholder_out(s: Stakeholder) -> dict[str, Any]:
    return {
        "id": s.pk,
        "kind": s.kind,
        "kind_name": s.get_kind_display(),
        "name": s.name,
        "website": s.website,
        "regions": [r.code for r in s.regions.all()],
        "association": s.association.slug if s.association else None,
    }


@router.get("/stakeholders", response=StakeholderPage, summary="Субъекты стратегии")
def stakeholders(
    request: HttpRequest,
    q: str = "",
    kind: str = "",
    region: str = "",
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    qs = selectors.stakeholder_list(q=q, kind=kind, region=region)
    window = page_slice(limit, offset)
    return {"count": qs.count(), "items": [stakeholder_out(s) for s in qs[window]]}


@router.post(
    "/stakeholders", auth=token_auth, response={201: StakeholderOut}, summary="Добавить субъект"
)
def stakeholder_create(request: HttpRequest, payload: StakeholderIn) -> Status[Any]:
    require_api_perm(request, "registry.add_stakeholder")
    data = payload.dict()
    regions = _regions(data.pop("regions"))
    association = _association_by_slug(data.pop("association"))
    stakeholder = services.stakeholder_create(
        actor=api_user(request),
        regions=regions,
        association=association,
        **data,
    )
    return Status(201, stakeholder_out(stakeholder))


class StakeholderPatch(Schema):
    kind: KindLiteral | None = None
    name: str | None = Field(None, min_length=1, max_length=300)
    contact_person: str | None = Field(None, max_length=200)
    phone: str | None = Field(None, max_length=40)
    email: str | None = None
    website: str | None = None
    regions: list[str] | None = None
    association: str | None = None
    description: str | None = None

    _strip_strings = field_validator("*", mode="before")(_strip)


def _association_by_slug(slug: str | None) -> Association | None:
    if not slug:
        return None
    association = Association.objects.filter(slug=slug).first()
    if association is None:
        raise ValidationError({"association": [_("Землячество не найдено.")]})
    return association


@router.delete(
    "/associations/{slug}",
    auth=token_auth,
    response={204: None, 409: ErrorOut},
    summary="Удалить землячество",
    description="Землячество с программами или годовыми отчётами не удаляется: ответ 409.",
)
def association_delete(request: HttpRequest, slug: str) -> Status[Any]:
    association = get_object_or_404(Association, slug=slug)
    require_api_perm(request, "registry.delete_association", association)
    services.association_delete(actor=api_user(request), association=association)
    return Status(204, None)


@router.patch(
    "/stakeholders/{stakeholder_id}",
    auth=token_auth,
    response=StakeholderOut,
    summary="Изменить субъект",
)
def stakeholder_update(
    request: HttpRequest, stakeholder_id: Id, payload: StakeholderPatch
) -> dict[str, Any]:
    stakeholder = get_object_or_404(Stakeholder, pk=stakeholder_id)
    require_api_perm(request, "registry.change_stakeholder", stakeholder)
    data = payload.dict(exclude_unset=True)
    regions = _regions(data.pop("regions")) if data.get("regions") is not None else None
    data.pop("regions", None)
    if "association" in data:
        data["association"] = _association_by_slug(data["association"])
    empty = [k for k, v in data.items() if v is None and k != "association"]
    if empty:
        raise ValidationError({k: [_("Поле не может быть пустым.")] for k in empty})
    stakeholder = services.stakeholder_update(
        actor=api_user(request), stakeholder=stakeholder, regions=regions, **data
    )
    return stakeholder_out(
        Stakeholder.objects.select_related("association")
        .prefetch_related("regions")
        .get(pk=stakeholder.pk)
    )
