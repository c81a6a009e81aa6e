"""API of the site's editing pages: changing a news item and its illustration, what an
association shows, where a public event sits on the site, accepting a practice from a
report, passing a question to an expert and publishing it. The same rights and services as the pages."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Form, Router, Schema, Status
from ninja import File as FileParam
from ninja.files import UploadedFile

from zemlyaki.accounts.api_auth import api_user, require_api_perm, token_auth
from zemlyaki.core.api_schemas import DateTimeIn, ErrorOut, Id
from zemlyaki.core.errors import Invalid
from zemlyaki.core.models import Region
from zemlyaki.core.urls_public import absolute_url
from zemlyaki.events.models import Event
from zemlyaki.people.models import Person
from zemlyaki.registry.models import Association
from zemlyaki.reports.models import ReportFinding

from . import selectors, services
from .api import NewsOut, PracticeOut, news_out, news_refs, practice_out
from .models import Question
from .services.news import PUBLICATION_FIELDS

router = Router(tags=["Информационный центр"], auth=token_auth)


class NewsPatch(Schema):
    """Only the fields sent are changed; the association of a news item stays."""

    title: str | None = Field(None, max_length=200)
    lead: str | None = None
    body: str | None = None
    image_alt: str | None = Field(None, max_length=200)
    status: str | None = None
    published_at: DateTimeIn | None = None
    directions: list[Id] | None = None
    regions: list[str] | None = None


class NewsImageOut(Schema):
    slug: str
    image: str = Field(description="Адрес иллюстрации (WebP, не шире 1600 точек).")
    image_width: int
    image_height: int
    image_alt: str


class PublicationIn(Schema):
    show_contacts: bool = False
    show_website: bool = False
    leader_contact: bool = False
    show_member_count: bool = False
    show_standard_score: bool = False


class PlaceIn(Schema):
    association: Id | None = None
    regions: list[str] = Field([], description="Коды субъектов; пусто — субъекты землячества.")


class PlaceOut(Schema):
    event: int
    association: int | None
    regions: list[str]


class AssignIn(Schema):
    expert: Id = Field(description="Участник-эксперт, которому уходит вопрос.")


class QuestionPublishIn(Schema):
    public: bool


class QuestionStateOut(Schema):
    id: int
    status: str
    expert: int | None
    is_public: bool


def _question_out(q: Question) -> dict[str, Any]:
    return {"id": q.pk, "status": q.status, "expert": q.expert_id, "is_public": q.is_public}


@router.patch("/news/{slug}", response=NewsOut, summary="Изменить новость")
def news_update(request: HttpRequest, slug: str, payload: NewsPatch) -> Any:
    news = selectors.news_get(api_user(request), slug[:200])
    require_api_perm(request, "portal.change_newsitem", news)
    data = payload.dict(exclude_unset=True)
    data |= news_refs(data)
    return news_out(services.news_update(actor=api_user(request), news=news, **data))


@router.post(
    "/news/{slug}/image",
    response={200: NewsImageOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Загрузить иллюстрацию новости (multipart: image, image_alt)",
    description="Как поле «Иллюстрация» страницы новости: JPEG, PNG, WebP или GIF до 5 МБ; "
    "сайт хранит её в WebP не шире 1600 точек, без сведений о камере и месте. Прежняя "
    "иллюстрация заменяется; описание (image_alt) — если передано. Другой файл — ответ 422 "
    "с полем image.",
)
def news_image(
    request: HttpRequest,
    slug: str,
    image: FileParam[UploadedFile],  # type: ignore[type-arg]
    image_alt: Form[str] = "",  # type: ignore[type-arg]
) -> Any:
    news = selectors.news_get(api_user(request), slug[:200])
    require_api_perm(request, "portal.change_newsitem", news)
    fields: dict[str, Any] = {"image": image}
    if image_alt.strip():
        fields["image_alt"] = image_alt.strip()
    news = services.news_update(actor=api_user(request), news=news, **fields)
    return {
        "slug": news.slug,
        "image": absolute_url(news.image.url),
        "image_width": news.image_width,
        "image_height": news.image_height,
        "image_alt": news.image_alt,
    }


@router.put(
    "/associations/{slug}/publication",
    response=PublicationIn,
    summary="Что землячество показывает на открытом сайте",
)
def publication_save(request: HttpRequest, slug: str, payload: PublicationIn) -> Any:
    association = get_object_or_404(Association, slug=slug[:80])
    require_api_perm(request, "portal.change_publication", association)
    saved = services.publication_save(
        actor=api_user(request), association=association, **payload.dict()
    )
    return {name: getattr(saved, name) for name in PUBLICATION_FIELDS}


@router.put("/events/{event_id}/place", response=PlaceOut, summary="Место мероприятия на сайте")
def event_place(request: HttpRequest, event_id: Id, payload: PlaceIn) -> Any:
    event = get_object_or_404(Event, pk=event_id, is_public=True)
    require_api_perm(request, "portal.place_event", event)
    association = None
    if payload.association is not None:
        association = Association.objects.filter(pk=payload.association).first()
        if association is None:
            raise Invalid({"association": [_("Неизвестное землячество.")]})
    regions = list(Region.objects.filter(code__in=payload.regions))
    if len(regions) != len(set(payload.regions)):
        raise Invalid({"regions": [_("Неизвестный код субъекта РФ.")]})
    place = services.event_place_save(
        actor=api_user(request), event=event, association=association, regions=regions
    )
    return {
        "event": event.pk,
        "association": place.association_id,
        "regions": sorted(place.regions.values_list("code", flat=True)),
    }


@router.post(
    "/practices/candidates/{finding_id}/accept",
    response={201: PracticeOut},
    summary="Принять достижение из годового отчёта как практику",
)
def practice_accept(request: HttpRequest, finding_id: Id) -> Any:
    require_api_perm(request, "portal.manage_practices")
    finding = get_object_or_404(ReportFinding.objects.select_related("report"), pk=finding_id)
    practice = services.practice_accept(actor=api_user(request), finding=finding)
    return Status(201, practice_out(practice))


@router.post(
    "/questions/{question_id}/assign",
    response=QuestionStateOut,
    summary="Передать вопрос эксперту (ему уходит письмо с личной ссылкой)",
)
def question_assign(request: HttpRequest, question_id: Id, payload: AssignIn) -> Any:
    require_api_perm(request, "portal.manage_questions")
    question = get_object_or_404(Question, pk=question_id)
    expert = Person.objects.filter(pk=payload.expert).first()
    if expert is None:
        raise Invalid({"expert": [_("Эксперт не найден.")]})
    services.question_assign(actor=api_user(request), question=question, expert=expert)
    return _question_out(Question.objects.get(pk=question.pk))


@router.post(
    "/questions/{question_id}/publish",
    response=QuestionStateOut,
    summary="Вопрос с ответом — в открытые ответы (или обратно)",
)
def question_publish(request: HttpRequest, question_id: Id, payload: QuestionPublishIn) -> Any:
    require_api_perm(request, "portal.manage_questions")
    question = get_object_or_404(Question, pk=question_id)
    services.question_publish(actor=api_user(request), question=question, public=payload.public)
    return _question_out(Question.objects.get(pk=question.pk))
