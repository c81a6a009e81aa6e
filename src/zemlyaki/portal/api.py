"""API of the public site: news, practices, a region's summary, questions and feedback to
the help desk.

Reading is public (no token): the same rows the public pages show. Writing news and
practices takes a token and the pages' rights, checked by the same services."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from zemlyaki.accounts.api_auth import api_user, require_api_perm, token_auth
from zemlyaki.core.api_schemas import (
    DateTimeIn,
    ErrorOut,
    Id,
    Limit,
    Offset,
    Page,
    Year,
    page_slice,
)
from zemlyaki.core.errors import Invalid, NotFound
from zemlyaki.core.models import Region
from zemlyaki.core.security import client_address, client_key
from zemlyaki.core.urls_public import absolute_url
from zemlyaki.directions.models import Direction
from zemlyaki.people import selectors as people_selectors
from zemlyaki.registry import selectors as registry_selectors
from zemlyaki.registry.models import Association

from . import selectors, services
from .models import QuestionKind

router = Router(tags=["Информационный центр"])


class NewsOut(Schema):
    slug: str
    title: str
    lead: str
    body: str
    association: str | None
    published_at: datetime.datetime | None
    url: str


class PracticeOut(Schema):
    id: int
    title: str
    description: str
    association: str | None
    year: int | None
    direction: str | None


class RegionSummaryOut(Schema):
    code: str
    name: str
    federal_district: str
    associations: int
    members_counted: int
    events: int


class HelpQuestionIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    email: str = Field(..., min_length=3, max_length=254)
    text: str = Field(..., min_length=1, max_length=4000)
    association: str = Field("", max_length=80, description="Адрес землячества (slug).")
    topic: str = Field("", max_length=40, description="Код направления.")
    publish_consent: bool = False
    website: str = Field("", max_length=200, description="Оставьте пустым.")


class HelpQuestionOut(Schema):
    accepted: bool


class NewsIn(Schema):
    title: str = Field(..., max_length=200)
    lead: str = ""
    body: str = Field("", description="HTML: абзацы, списки, ссылки, таблицы, изображения.")
    image_alt: str = Field("", max_length=200)
    status: str = Field("draft", description="draft — черновик, published — опубликована.")
    published_at: DateTimeIn | None = None
    association: Id | None = Field(None, description="От имени землячества (иначе — совета).")
    directions: list[Id] = []
    regions: list[str] = Field([], description="Коды субъектов РФ.")


class PracticeIn(Schema):
    title: str = Field(..., max_length=300)
    description: str
    association: Id | None = None
    year: Year | None = None
    direction: str | None = Field(None, description="Код направления.")


class FeedbackIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    email: str = Field(..., min_length=3, max_length=254)
    text: str = Field(..., min_length=1, max_length=4000)
    website: str = Field("", max_length=200, description="Оставьте пустым.")


def news_out(n: Any) -> dict[str, Any]:
    return {
        "slug": n.slug,
        "title": n.title,
        "lead": n.lead,
        "body": n.body,
        "association": str(n.association) if n.association else None,
        "published_at": n.published_at,
        "url": absolute_url(n.get_absolute_url()),
    }


def news_refs(payload: Any) -> dict[str, Any]:
    """Directions and regions of a news item by id and code, refused by field."""
    refs: dict[str, Any] = {}
    if "directions" in payload:
        directions = list(Direction.objects.filter(pk__in=payload["directions"]))
        if len(directions) != len(set(payload["directions"])):
            raise Invalid({"directions": [_("Неизвестное направление.")]})
        refs["directions"] = directions
    if "regions" in payload:
        regions = list(Region.objects.filter(code__in=payload["regions"]))
        if len(regions) != len(set(payload["regions"])):
            raise Invalid({"regions": [_("Неизвестный код субъекта РФ.")]})
        refs["regions"] = regions
    return refs


@router.get("/news", response=Page[NewsOut], summary="Новости")
def news(
    request: HttpRequest,
    q: str = "",
    association: str = "",
    limit: Limit = 20,
    offset: Offset = 0,
) -> Any:
    qs = selectors.news_list(q=q)
    if association:
        qs = qs.filter(association__slug=association)
    return {"count": qs.count(), "items": [news_out(n) for n in qs[page_slice(limit, offset)]]}


@router.post(
    "/news",
    auth=token_auth,
    response={201: NewsOut},
    summary="Написать новость",
    description="От имени совета — координатор, от имени землячества — его руководитель. "
    "Иллюстрация загружается на странице новости.",
)
def news_create(request: HttpRequest, payload: NewsIn) -> Status:  # type: ignore[type-arg]
    require_api_perm(request, "portal.add_newsitem")
    data = payload.dict()
    association = None
    if payload.association is not None:
        association = Association.objects.filter(pk=payload.association).first()
        if association is None:
            raise Invalid({"association": [_("Неизвестное землячество.")]})
    data.update(association=association, **news_refs(data))
    return Status(201, news_out(services.news_create(actor=api_user(request), **data)))


@router.get("/practices", response=Page[PracticeOut], summary="Практики")
def practices(
    request: HttpRequest,
    q: str = "",
    direction: str = "",
    region: str = "",
    limit: Limit = 20,
    offset: Offset = 0,
) -> Any:
    qs = selectors.practice_list(user=None, q=q, direction=direction, region=region)
    return {"count": qs.count(), "items": [practice_out(p) for p in qs[page_slice(limit, offset)]]}


def practice_out(p: Any) -> dict[str, Any]:
    return {
        "id": p.pk,
        "title": p.title,
        "description": p.description,
        "association": str(p.association) if p.association else None,
        "year": p.year,
        "direction": p.direction.code if p.direction else None,
    }


@router.post(
    "/practices",
    auth=token_auth,
    response={201: PracticeOut},
    summary="Добавить практику в библиотеку",
)
def practice_create(request: HttpRequest, payload: PracticeIn) -> Status:  # type: ignore[type-arg]
    require_api_perm(request, "portal.manage_practices")
    association = None
    if payload.association is not None:
        association = Association.objects.filter(pk=payload.association).first()
        if association is None:
            raise Invalid({"association": [_("Неизвестное землячество.")]})
    direction = None
    if payload.direction:
        direction = Direction.objects.filter(code=payload.direction).first()
        if direction is None:
            raise Invalid({"direction": [_("Неизвестное направление.")]})
    practice = services.practice_create(
        actor=api_user(request),
        title=payload.title,
        description=payload.description,
        association=association,
        year=payload.year,
        direction=direction,
    )
    return Status(201, practice_out(practice))


@router.get("/regions/{code}/summary", response=RegionSummaryOut, summary="Субъект РФ в цифрах")
def region_summary(request: HttpRequest, code: str) -> Any:
    region = Region.objects.select_related("federal_district").filter(code=code[:2]).first()
    if region is None or len(code) != 2:
        raise NotFound(_("Неизвестный код субъекта РФ."))
    return {
        "code": region.code,
        "name": region.name,
        "federal_district": region.federal_district.short_name,
        "associations": registry_selectors.association_counts_by_region().get(region.code, 0),
        "members_counted": people_selectors.counted_members_by_region().get(region.code, 0),
        "events": selectors.events_by_region().get(region.code, 0),
    }


@router.post(
    "/questions",
    response={201: HelpQuestionOut, 429: ErrorOut},
    summary="Задать вопрос справочной службе (без токена)",
)
def question_create(request: HttpRequest, payload: HelpQuestionIn) -> Status:  # type: ignore[type-arg]
    if payload.website:
        return Status(201, {"accepted": True})  # the honeypot: nothing is kept
    association = None
    if payload.association:
        association = Association.objects.filter(slug=payload.association).first()
        if association is None:
            raise Invalid({"association": [_("Неизвестное землячество.")]})
    topic = None
    if payload.topic:
        topic = Direction.objects.filter(code=payload.topic).first()
        if topic is None:
            raise Invalid({"topic": [_("Неизвестное направление.")]})
    services.question_ask(
        name=payload.name,
        email=str(payload.email),
        text=payload.text,
        association=association,
        topic=topic,
        publish_consent=payload.publish_consent,
        client_key=client_key(client_address(request)),
        actor=request.user,
    )
    return Status(201, {"accepted": True})


@router.post(
    "/feedback",
    response={201: HelpQuestionOut, 429: ErrorOut},
    summary="Отзыв о сайте (без токена)",
)
def feedback(request: HttpRequest, payload: FeedbackIn) -> Status:  # type: ignore[type-arg]
    if payload.website:
        return Status(201, {"accepted": True})  # the honeypot: nothing is kept
    services.question_ask(
        name=payload.name,
        email=payload.email,
        text=payload.text,
        client_key=client_key(client_address(request)),
        actor=request.user,
        kind=QuestionKind.FEEDBACK,
    )
    return Status(201, {"accepted": True})
