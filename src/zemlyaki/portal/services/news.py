"""News and the associations' publishing choices."""

import datetime
import io
from typing import Any

import nh3
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from zemlyaki.core.errors import Forbidden, Invalid
from zemlyaki.core.models import AuditAction
from zemlyaki.core.services import audit_record, model_snapshot
from zemlyaki.core.text import search_document, slugify_ru

from ..models import NewsItem, NewsStatus, Publication
from ..rules import may_publish_association, may_write_for

# The allow-list of the news text: structure, emphasis, links and images of this site.
TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "a", "img", "figure", "figcaption", "table", "thead", "tbody",
    "tr", "th", "td", "hr",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}}
IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def _local_images(tag: str, attribute: str, value: str) -> str | None:
    """Images only from this site (a picture from another host would be a request the
    reader never agreed to); links may lead anywhere."""
    if tag == "img" and attribute == "src":
        local = value.startswith("/") and not value.startswith("//")
        return value if local else None
    return value


def sanitise_html(text: str) -> str:
    """The news text through the allow-list sanitiser: no scripts, no event handlers, no
    styles, links only to http(s), mail and this site, images only from this site."""
    return nh3.clean(
        text or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=_local_images,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow",
        strip_comments=True,
    )


def check_image(upload: UploadedFile) -> None:
    """A real image of a known format and a sane size, or a clear refusal."""
    if upload.size and upload.size > IMAGE_MAX_BYTES:
        raise Invalid({"image": [_("Иллюстрация больше 5 МБ — уменьшите её.")]})
    data = upload.read()
    upload.seek(0)
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise Invalid({"image": [_("Файл не является изображением.")]}) from None
    if kind not in IMAGE_FORMATS:
        raise Invalid({"image": [_("Допустимы изображения JPEG, PNG, WebP или GIF.")]})
    if width * height > IMAGE_MAX_PIXELS:
        raise Invalid({"image": [_("Изображение слишком большое по числу точек.")]})


IMAGE_MAX_WIDTH = 1600


def web_image(upload: UploadedFile) -> ContentFile:
    """The illustration as the site serves it: at most 1600 points wide, in WebP, without
    the camera's metadata (place, device)."""
    upload.seek(0)
    with Image.open(upload) as source:
        image = ImageOps.exif_transpose(source)
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        if image.width > IMAGE_MAX_WIDTH:
            height = round(image.height * IMAGE_MAX_WIDTH / image.width)
            image = image.resize((IMAGE_MAX_WIDTH, height), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, "WEBP", quality=82, method=4)
    stem = (upload.name or "image").rsplit("/", 1)[-1].rsplit(".", 1)[0][:60] or "image"
    return ContentFile(out.getvalue(), name=f"{slugify_ru(stem) or 'image'}.webp")


def _unique_slug(title: str, published_at: datetime.datetime | None, pk: int | None) -> str:
    day = timezone.localtime(published_at or timezone.now()).date()
    base = f"{day:%Y-%m-%d}-{slugify_ru(title, 70) or 'novost'}"[:85]
    slug, n = base, 1
    while NewsItem.objects.filter(slug=slug).exclude(pk=pk or 0).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _fill(news: NewsItem, fields: dict[str, Any]) -> None:
    image = fields.pop("image", None)
    if image:
        check_image(image)
        news.image = web_image(image)  # type: ignore[assignment]
    for name in ("title", "lead", "image_alt", "status", "published_at"):
        if name in fields:
            setattr(news, name, fields[name])
    if "body" in fields:
        news.body = sanitise_html(fields["body"])
    if news.status == NewsStatus.PUBLISHED and news.published_at is None:
        news.published_at = timezone.now()
    news.search_text = search_document(news.title, news.lead, nh3.clean(news.body, tags=set()))


@transaction.atomic
def news_create(
    *,
    actor: Any,
    association: Any = None,
    title: str,
    lead: str = "",
    body: str = "",
    image: UploadedFile | None = None,
    image_alt: str = "",
    directions: Any = (),
    regions: Any = (),
    status: str = NewsStatus.DRAFT,
    published_at: datetime.datetime | None = None,
    is_demo: bool = False,
) -> NewsItem:
    """A news item of the council (no association) or of an association — only by the
    coordinator, or by that association's leader."""
    if not may_write_for(actor, association):
        raise Forbidden(
            _("Публиковать новости от имени этого землячества может только его руководитель.")
        )
    news = NewsItem(association=association, created_by=actor if actor else None, is_demo=is_demo)
    _fill(news, {"title": title, "lead": lead, "body": body, "image": image,
                 "image_alt": image_alt, "status": status, "published_at": published_at})  # fmt: skip
    news.slug = _unique_slug(title, news.published_at, None)
    try:
        news.full_clean()
    except ValidationError as error:
        raise Invalid.from_validation_error(error) from None
    news.save()
    news.directions.set(directions)
    news.regions.set(regions)
    audit_record(actor=actor, action=AuditAction.CREATE, instance=news, after=model_snapshot(news))
    return news


@transaction.atomic
def news_update(*, actor: Any, news: NewsItem, **fields: Any) -> NewsItem:
    if not may_write_for(actor, news.association):
        raise Forbidden(_("Изменять эту новость может только руководитель её землячества."))
    before = model_snapshot(news)
    directions = fields.pop("directions", None)
    regions = fields.pop("regions", None)
    _fill(news, fields)
    try:
        news.full_clean()
    except ValidationError as error:
        raise Invalid.from_validation_error(error) from None
    news.save()
    if directions is not None:
        news.directions.set(directions)
    if regions is not None:
        news.regions.set(regions)
    audit_record(
        actor=actor, action=AuditAction.UPDATE, instance=news, before=before,
        after=model_snapshot(news),
    )  # fmt: skip
    return news


PUBLICATION_FIELDS = (
    "show_contacts", "show_website", "leader_contact", "show_member_count", "show_standard_score",
)  # fmt: skip


@transaction.atomic
def publication_save(*, actor: Any, association: Any, **fields: Any) -> Publication:
    """What the association shows on the public site: chosen by its leader or the
    coordinator."""
    if not may_publish_association(actor, association):
        raise Forbidden()
    publication, created = Publication.objects.get_or_create(
        association=association, defaults={"created_by": actor}
    )
    before = {} if created else model_snapshot(publication, PUBLICATION_FIELDS)
    for name in PUBLICATION_FIELDS:
        if name in fields:
            setattr(publication, name, fields[name])
    publication.full_clean()
    publication.save()
    audit_record(
        actor=actor, action=AuditAction.UPDATE, instance=publication, before=before,
        after=model_snapshot(publication, PUBLICATION_FIELDS),
    )  # fmt: skip
    return publication


@transaction.atomic
def event_place_save(*, actor: Any, event: Any, association: Any = None, regions: Any = ()) -> Any:
    """Where a public event belongs on the site's map and pages: its association and regions
    (by default the association's home regions)."""
    from ..models import EventPlace

    if not actor.has_perm("portal.place_event", event):
        raise Forbidden()
    place, created = EventPlace.objects.get_or_create(event=event)
    before = {} if created else model_snapshot(place)
    place.association = association
    place.save()
    chosen = list(regions) or (list(association.regions.all()) if association else [])
    place.regions.set(chosen)
    audit_record(
        actor=actor, action=AuditAction.CREATE if created else AuditAction.UPDATE,
        instance=place, before=before, after=model_snapshot(place),
    )  # fmt: skip
    return place
