"""API of the public site: news, practices, a region's summary, questions to the help desk.

Everything here is public (no token): the same rows the public pages show."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from zemlyaki.core.api_schemas import ErrorOut, Limit, Offset, Page, page_slice
from zemlyaki.core.errors import Invalid, NotFound
from zemlyaki.core.models import Region
from zemlyaki.core.security import client_address, client_key
from zemlyaki.core.urls_public import absolute_url
from zemlyaki.directions.models import Direction
from zemlyaki.people import selectors as people_selectors
from zemlyaki.registry import selectors as registry_selectors
from zemlyaki.registry.models import Association

from . import selectors, services

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


class QuestionIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    email: str = Field(..., min_length=3, max_length=254)
    text: str = Field(..., min_length=1, max_length=4000)
    association: str = Field("", max_length=80, description="Адрес землячества (slug).")
    topic: str = Field("", max_length=40, description="Код направления.")
    publish_consent: bool = False
    website: str = Field("", max_length=200, description="Оставьте пустым.")


class VisitorQuestionOut(Schema):
    accepted: bool


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
    rows = [
        {
            "slug": n.slug,
            "title": n.title,
            "lead": n.lead,
            "body": n.body,
            "association": str(n.association) if n.association else None,
            "published_at": n.published_at,
            "url": absolute_url(n.get_absolute_url()),
        }
        for n in qs[page_slice(limit, offset)]
    ]
    return {"count": qs.count(), "items": rows}


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
    rows = [
        {
            "id": p.pk,
            "title": p.title,
            "description": p.description,
            "association": str(p.association) if p.association else None,
            "year": p.year,
            "direction": p.direction.code if p.direction else None,
        }
        for p in qs[page_slice(limit, offset)]
    ]
    return {"count": qs.count(), "items": rows}


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
    response={201: VisitorQuestionOut, 429: ErrorOut},
    summary="Задать вопрос справочной службе (без токена)",
)
def question_create(request: HttpRequest, payload: QuestionIn) -> Status:  # type: ignore[type-arg]
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
