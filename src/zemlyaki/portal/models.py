"""The public site: what associations chose to publish, news, practices, the help desk."""

from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zemlyaki.accounts.rules import is_coordinator
from zemlyaki.core.models import Stamped
from zemlyaki.core.visibility import VisibleQuerySet


class Publication(Stamped):
    """What an association chose to show on the public site beyond its name, regions and
    logo (which the catalogue already shows). Nothing here is about a person who did not
    agree: the leader's public contact is typed by the association itself for publishing."""

    association = models.OneToOneField(
        "registry.Association",
        on_delete=models.CASCADE,
        related_name="publication",
        verbose_name=_("землячество"),
    )
    show_contacts = models.BooleanField(_("показывать телефон, почту и адрес"), default=True)
    show_website = models.BooleanField(_("показывать сайт и социальные сети"), default=True)
    leader_contact = models.CharField(
        _("публичный контакт руководителя"),
        max_length=300,
        blank=True,
        help_text=_(
            "Имя, должность и контакт руководителя для публикации — только с его согласия."
        ),
    )
    show_member_count = models.BooleanField(
        _("показывать число членов, согласившихся на учёт"), default=False
    )
    show_standard_score = models.BooleanField(
        _("показывать балл по стандарту работы"), default=False
    )

    class Meta:
        verbose_name = _("публикация землячества")
        verbose_name_plural = _("публикации землячеств")

    def __str__(self) -> str:
        return str(self.association)


class NewsStatus(models.TextChoices):
    DRAFT = "draft", _("черновик")
    PUBLISHED = "published", _("опубликована")


class NewsQuerySet(VisibleQuerySet["NewsItem"]):
    def public(self) -> "NewsQuerySet":
        return self.filter(status=NewsStatus.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user: Any) -> "NewsQuerySet":
        if is_coordinator(user):
            return self
        due = Q(status=NewsStatus.PUBLISHED, published_at__lte=timezone.now())
        if getattr(user, "is_authenticated", False):
            led = user.led_associations.values("pk")
            return self.filter(due | Q(association__in=led))
        return self.filter(due)


class NewsItem(Stamped):
    """A news post of the council (no association) or of one association."""

    association = models.ForeignKey(
        "registry.Association",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="news",
        verbose_name=_("землячество"),
        help_text=_("Пусто — новость Координационного совета."),
    )
    title = models.CharField(_("заголовок"), max_length=200)
    slug = models.SlugField(_("адрес на сайте"), max_length=90, unique=True)
    lead = models.CharField(_("лид"), max_length=400, blank=True)
    body = models.TextField(_("текст"), blank=True)
    image = models.ImageField(
        _("иллюстрация"),
        upload_to="portal/news/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(_("ширина иллюстрации"), null=True, blank=True)
    image_height = models.PositiveIntegerField(_("высота иллюстрации"), null=True, blank=True)
    image_alt = models.CharField(_("описание иллюстрации"), max_length=200, blank=True)
    directions = models.ManyToManyField(
        "directions.Direction", blank=True, related_name="+", verbose_name=_("направления")
    )
    regions = models.ManyToManyField(
        "core.Region", blank=True, related_name="+", verbose_name=_("регионы")
    )
    status = models.CharField(
        _("состояние"), max_length=20, choices=NewsStatus.choices, default=NewsStatus.DRAFT
    )
    published_at = models.DateTimeField(
        _("дата публикации"),
        null=True,
        blank=True,
        help_text=_("Опубликованная новость появится на сайте в это время."),
    )
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)
    search_text = models.TextField(editable=False, default="")

    objects = NewsQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("новость")
        verbose_name_plural = _("новости")
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:news_detail", kwargs={"slug": self.slug})

    @property
    def is_live(self) -> bool:
        return bool(
            self.status == NewsStatus.PUBLISHED
            and self.published_at
            and self.published_at <= timezone.now()
        )


class EventPlace(models.Model):
    """Where a public event belongs on the site: its association and regions (the map and
    the region pages count events by them)."""

    event = models.OneToOneField(
        "events.Event", on_delete=models.CASCADE, related_name="+", verbose_name=_("мероприятие")
    )
    association = models.ForeignKey(
        "registry.Association",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("землячество"),
    )
    regions = models.ManyToManyField(
        "core.Region", blank=True, related_name="+", verbose_name=_("регионы")
    )
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("мероприятие на сайте")
        verbose_name_plural = _("мероприятия на сайте")

    def __str__(self) -> str:
        return str(self.event)


class PracticeQuerySet(VisibleQuerySet["Practice"]):
    def visible_to(self, user: Any) -> "PracticeQuerySet":
        if is_coordinator(user):
            return self
        return self.filter(is_published=True)


class Practice(Stamped):
    """A good practice: an achievement from the reports analysis accepted by a coordinator,
    or one written by hand."""

    title = models.CharField(_("название"), max_length=300)
    description = models.TextField(_("краткое описание"))
    association = models.ForeignKey(
        "registry.Association",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("землячество"),
    )
    year = models.PositiveSmallIntegerField(_("год"), null=True, blank=True)
    direction = models.ForeignKey(
        "directions.Direction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("направление"),
    )
    finding = models.OneToOneField(
        "reports.ReportFinding",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("находка анализа отчётов"),
    )
    is_published = models.BooleanField(_("опубликована"), default=True)
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)
    search_text = models.TextField(editable=False, default="")

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title", "pk"]
        verbose_name = _("практика")
        verbose_name_plural = _("практики")

    def __str__(self) -> str:
        return self.title


class QuestionStatus(models.TextChoices):
    NEW = "new", _("новый")
    ASSIGNED = "assigned", _("передан эксперту")
    ANSWERED = "answered", _("отвечен")


class QuestionKind(models.TextChoices):
    QUESTION = "question", _("вопрос справочной службе")
    FEEDBACK = "feedback", _("отзыв о сайте")


class QuestionQuerySet(VisibleQuerySet["Question"]):
    def visible_to(self, user: Any) -> "QuestionQuerySet":
        if is_coordinator(user):
            return self
        return self.filter(is_public=True, status=QuestionStatus.ANSWERED, publish_consent=True)


class Question(Stamped):
    """A question to the help desk: the coordinator passes it to an expert, whose answer
    goes to the asker by e-mail; with the asker's consent it joins the public FAQ."""

    kind = models.CharField(
        _("вид"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.QUESTION
    )
    name = models.CharField(_("имя"), max_length=200)
    email = models.EmailField(_("электронная почта"))
    association = models.ForeignKey(
        "registry.Association",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("землячество"),
    )
    topic = models.ForeignKey(
        "directions.Direction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("тема"),
    )
    text = models.TextField(_("вопрос"))
    publish_consent = models.BooleanField(
        _("согласие на публикацию вопроса и ответа"), default=False
    )
    status = models.CharField(
        _("состояние"), max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.NEW
    )
    expert = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("эксперт"),
    )
    answer_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    answer = models.TextField(_("ответ"), blank=True)
    answered_at = models.DateTimeField(_("ответ отправлен"), null=True, blank=True)
    is_public = models.BooleanField(_("в открытых ответах"), default=False)
    client_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("вопрос")
        verbose_name_plural = _("вопросы")

    def __str__(self) -> str:
        return self.text[:60]
