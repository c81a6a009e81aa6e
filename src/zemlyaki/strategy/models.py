"""Documents of the strategy work: the strategy itself, the work standard and the site
concept share one machinery of sections, revisions, review and approval."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .visibility import DocumentQuerySet, SectionQuerySet


class DocumentKind(models.TextChoices):
    STRATEGY = "strategy", _("стратегия")
    STANDARD = "standard", _("стандарт работы землячества")
    SITE_CONCEPT = "site_concept", _("концепция сайта")


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("проект")
    APPROVED = "approved", _("утверждён")


class Document(models.Model):
    kind = models.CharField(
        _("вид"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.STRATEGY
    )
    title = models.CharField(_("название"), max_length=300)
    slug = models.SlugField(_("адрес на сайте"), max_length=80, unique=True)
    period_from = models.PositiveSmallIntegerField(_("период: с года"), null=True, blank=True)
    period_to = models.PositiveSmallIntegerField(_("период: по год"), null=True, blank=True)
    status = models.CharField(
        _("статус"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    reviewing_body = models.ForeignKey(
        "governance.Body",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("орган, рассматривающий разделы"),
        help_text=_("Обычно — расширенный экспертный совет."),
    )
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("документ")
        verbose_name_plural = _("документы")

    def __str__(self) -> str:
        return self.title

    @property
    def period(self) -> str:
        if self.period_from and self.period_to:
            return f"{self.period_from}–{self.period_to}"
        return str(self.period_from or self.period_to or "")

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.period_from and self.period_to and self.period_to < self.period_from:
            raise ValidationError({"period_to": _("Период не может кончаться раньше начала.")})


class SectionStatus(models.TextChoices):
    DRAFT = "draft", _("черновик")
    REVIEW = "review", _("на рассмотрении")
    REWORK = "rework", _("на доработке")
    AGREED = "agreed", _("согласован")
    APPROVED = "approved", _("утверждён")


class Section(models.Model):
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="sections", verbose_name=_("документ")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("входит в раздел"),
    )
    order = models.PositiveIntegerField(_("порядок"), default=0)
    number = models.CharField(_("номер"), max_length=20, blank=True)
    title = models.CharField(_("заголовок"), max_length=300)
    guidance = models.TextField(_("что должно быть в разделе"), blank=True)
    owner = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="strategy_sections",
        verbose_name=_("ответственный"),
    )
    owner_body = models.ForeignKey(
        "governance.Body",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="strategy_sections",
        verbose_name=_("зона ответственности (орган)"),
    )
    deadline = models.DateField(_("срок"), null=True, blank=True)
    # A task of the plan that sets the deadline; a deleted task leaves the section without one.
    plan_task = models.ForeignKey(
        "plan.Task",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="strategy_sections",
        verbose_name=_("мероприятие плана"),
        error_messages={"invalid": _("Мероприятие плана не найдено.")},
    )
    status = models.CharField(
        _("статус"), max_length=20, choices=SectionStatus.choices, default=SectionStatus.DRAFT
    )
    current_revision = models.ForeignKey(
        "Revision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("текущая редакция"),
    )
    # A section whose agreed or approved text is part of the record is not deleted from the
    # outline but retired: hidden from the outline and the exports, kept with its history.
    retired_at = models.DateTimeField(_("выведен из структуры"), null=True, blank=True)
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["document", "order", "pk"]
        verbose_name = _("раздел")
        verbose_name_plural = _("разделы")
        # One position per place among siblings (top level: parent is NULL, which a plain
        # unique constraint would not compare, hence two partial ones).
        constraints = [
            models.UniqueConstraint(
                fields=["document", "order"],
                condition=models.Q(parent__isnull=True),
                name="strategy_section_top_order_unique",
            ),
            models.UniqueConstraint(
                fields=["parent", "order"],
                condition=models.Q(parent__isnull=False),
                name="strategy_section_child_order_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title

    @property
    def text(self) -> str:
        return self.current_revision.text if self.current_revision_id else ""  # type: ignore[union-attr]  # current_revision_id checked

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class Revision(models.Model):
    """One saved state of a section's text; every save makes one."""

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("раздел")
    )
    number = models.PositiveIntegerField(_("номер редакции"))
    text = models.TextField(_("текст"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("автор"),
    )
    comment = models.CharField(_("комментарий к правке"), max_length=300, blank=True)
    restored_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("восстановлена из редакции"),
    )
    amendment = models.ForeignKey(
        "Amendment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("по поправке"),
    )
    created_at = models.DateTimeField(_("сохранена"), auto_now_add=True)

    class Meta:
        ordering = ["section", "-number"]
        verbose_name = _("редакция")
        verbose_name_plural = _("редакции")
        constraints = [
            models.UniqueConstraint(fields=["section", "number"], name="strategy_revision_unique")
        ]

    def __str__(self) -> str:
        return _("Редакция %(number)s") % {"number": self.number}


class ConflictCopy(models.Model):
    """Text refused as a stale save: kept so that nobody's work is lost."""

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("раздел")
    )
    base_revision = models.ForeignKey(
        Revision,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("исходная редакция"),
    )
    current_revision = models.ForeignKey(
        Revision,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("действующая редакция"),
    )
    text = models.TextField(_("несохранённый текст"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("автор"),
    )
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("текст, не сохранённый из-за конфликта")
        verbose_name_plural = _("тексты, не сохранённые из-за конфликта")

    def __str__(self) -> str:
        return _("Несохранённый текст раздела %(section)s") % {"section": self.section_id}


class Comment(models.Model):
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="comments", verbose_name=_("раздел")
    )
    revision = models.ForeignKey(
        Revision,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("к редакции"),
    )
    paragraph = models.PositiveIntegerField(_("абзац"), null=True, blank=True)
    quote = models.TextField(_("текст абзаца"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("ответ на"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("автор"),
    )
    text = models.TextField(_("замечание"))
    mentions = models.ManyToManyField(
        "people.Person", blank=True, related_name="+", verbose_name=_("упомянуты")
    )
    resolved_at = models.DateTimeField(_("снято"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто снял"),
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("замечание")
        verbose_name_plural = _("замечания")

    def __str__(self) -> str:
        return _("Замечание к разделу %(section)s") % {"section": self.section_id}


class AmendmentStatus(models.TextChoices):
    PENDING = "pending", _("ожидает решения")
    ACCEPTED = "accepted", _("принята")
    REJECTED = "rejected", _("отклонена")
    MERGED = "merged", _("учтена вручную")


class Amendment(models.Model):
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="amendments", verbose_name=_("раздел")
    )
    base_revision = models.ForeignKey(
        Revision,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("к редакции"),
    )
    paragraph = models.PositiveIntegerField(_("абзац"))
    original = models.TextField(_("прежний текст абзаца"))
    proposed = models.TextField(_("предлагаемый текст"))
    justification = models.TextField(_("обоснование"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("автор"),
    )
    status = models.CharField(
        _("статус"), max_length=20, choices=AmendmentStatus.choices, default=AmendmentStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто решил"),
    )
    decided_at = models.DateTimeField(_("когда решено"), null=True, blank=True)
    reason = models.TextField(_("причина отклонения"), blank=True)
    result_revision = models.ForeignKey(
        Revision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("редакция с поправкой"),
    )
    created_at = models.DateTimeField(_("внесена"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("поправка")
        verbose_name_plural = _("поправки")

    def __str__(self) -> str:
        return _("Поправка №%(pk)s") % {"pk": self.pk}


class ReviewRound(models.Model):
    """One review of a section by a body: opened on submission, closed by a transition."""

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("раздел")
    )
    body = models.ForeignKey(
        "governance.Body", on_delete=models.PROTECT, related_name="+", verbose_name=_("орган")
    )
    revision = models.ForeignKey(
        Revision, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("редакция")
    )
    deadline = models.DateField(_("срок рассмотрения"))
    opened_at = models.DateTimeField(_("открыто"), auto_now_add=True)
    closed_at = models.DateTimeField(_("закрыто"), null=True, blank=True)
    outcome = models.CharField(_("итог"), max_length=20, blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("рассмотрение раздела")
        verbose_name_plural = _("рассмотрения разделов")

    def __str__(self) -> str:
        return _("Рассмотрение раздела %(section)s") % {"section": self.section}


class Stance(models.TextChoices):
    AGREE = "agree", _("согласен")
    AGREE_WITH_REMARKS = "agree_remarks", _("согласен с замечаниями")
    DISAGREE = "disagree", _("не согласен")


class Position(models.Model):
    """A member's position on a section in one review."""

    round = models.ForeignKey(
        ReviewRound,
        on_delete=models.CASCADE,
        related_name="positions",
        verbose_name=_("рассмотрение"),
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("член органа")
    )
    stance = models.CharField(_("позиция"), max_length=20, choices=Stance.choices)
    text = models.TextField(_("пояснение"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("внёс"),
    )
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("позиция")
        verbose_name_plural = _("позиции")
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="strategy_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_stance_display()}"


class Transition(models.Model):
    """The record of a section's move from one status to another."""

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("раздел")
    )
    from_status = models.CharField(_("из статуса"), max_length=20, choices=SectionStatus.choices)
    to_status = models.CharField(_("в статус"), max_length=20, choices=SectionStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто"),
    )
    comment = models.TextField(_("комментарий"), blank=True)
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("смена статуса раздела")
        verbose_name_plural = _("смены статусов разделов")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class DocumentVersion(models.Model):
    """An approved document, frozen: texts and live inserts as they stood at approval."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions", verbose_name=_("документ")
    )
    number = models.PositiveIntegerField(_("номер версии"))
    title = models.CharField(_("название"), max_length=300)
    period = models.CharField(_("период"), max_length=20, blank=True)
    content = models.JSONField(_("разделы и вставки"), default=dict)
    decision_type = models.CharField(_("решение: тип"), max_length=60)
    decision_id = models.CharField(_("решение: номер"), max_length=64)
    decision_repr = models.CharField(_("решение"), max_length=500)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("внёс решение"),
    )
    approved_at = models.DateTimeField(_("утверждён"), auto_now_add=True)
    docx_file = models.FileField(_("файл DOCX"), upload_to="strategy/", blank=True)
    pdf_file = models.FileField(_("файл PDF"), upload_to="strategy/", blank=True)

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("утверждённая версия")
        verbose_name_plural = _("утверждённые версии")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="strategy_version_unique")
        ]

    def __str__(self) -> str:
        return _("%(title)s, версия %(number)s") % {"title": self.title, "number": self.number}


# the draft lives in its own module; imported here so Django finds the model
from .models_drafts import SectionDraft as SectionDraft  # noqa: E402
