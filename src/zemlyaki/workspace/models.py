"""The coordination space of a working body: discussions, a file library and the bridge
to a messenger group.

Who reads what follows the bodies (``access.py``): the members of the space's body read
and write, the coordinator reads everything, and a thread may be opened to every
signed-in user or to the public. Each model with readers answers ``visible_to(user)``.
"""

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.models import Stamped
from zemlyaki.core.visibility import VisibleQuerySet

from .access import is_coordinator_user, member_body_ids


class SpaceQuerySet(VisibleQuerySet["Space"]):
    def visible_to(self, user: Any) -> "SpaceQuerySet":
        if is_coordinator_user(user):
            return self
        return self.filter(body_id__in=member_body_ids(user))


class Space(Stamped):
    """A working body's space: its threads, folders and files. Each body has one of its
    own; a body may also open one for an event or a program (``target``), whose readers
    and writers are the same body's members."""

    body = models.ForeignKey(
        "governance.Body", on_delete=models.PROTECT, related_name="spaces", verbose_name=_("орган")
    )
    title = models.CharField(_("название"), max_length=300)
    target_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("тип объекта"),
    )
    target_id = models.PositiveBigIntegerField(_("объект"), null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)

    objects = SpaceQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("пространство")
        verbose_name_plural = _("пространства")
        constraints = [
            models.UniqueConstraint(
                fields=["body"],
                condition=Q(target_type__isnull=True),
                name="workspace_one_space_per_body",
            ),
            models.UniqueConstraint(
                fields=["target_type", "target_id"],
                condition=Q(target_type__isnull=False),
                name="workspace_one_space_per_object",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Audience(models.TextChoices):
    BODY = "body", _("члены органа")
    SIGNED_IN = "signed_in", _("все вошедшие пользователи")
    PUBLIC = "public", _("все, включая гостей")


class ThreadQuerySet(VisibleQuerySet["Thread"]):
    def visible_to(self, user: Any) -> "ThreadQuerySet":
        if is_coordinator_user(user):
            return self
        shown = Q(audience=Audience.PUBLIC)
        if getattr(user, "is_authenticated", False) and user.is_active:
            shown |= Q(audience=Audience.SIGNED_IN)
            shown |= Q(space__body_id__in=member_body_ids(user))
        return self.filter(shown)


class Thread(Stamped):
    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, related_name="threads", verbose_name=_("пространство")
    )
    title = models.CharField(_("тема"), max_length=300)
    audience = models.CharField(
        _("кто читает"), max_length=20, choices=Audience.choices, default=Audience.BODY
    )
    target_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("тип объекта"),
    )
    target_id = models.PositiveBigIntegerField(_("объект"), null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    last_post_at = models.DateTimeField(_("последнее сообщение"), null=True, blank=True)
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-last_post_at", "-pk"]
        verbose_name = _("обсуждение")
        verbose_name_plural = _("обсуждения")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return self.title


class PostQuerySet(VisibleQuerySet["Post"]):
    def visible_to(self, user: Any) -> "PostQuerySet":
        return self.filter(thread__in=Thread.objects.visible_to(user))


class Post(Stamped):
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("обсуждение")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="workspace_posts",
        verbose_name=_("автор"),
    )
    text = models.TextField(_("текст"))
    quote_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("цитирует"),
    )
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("упомянуты")
    )
    attachments = models.ManyToManyField(
        "workspace.File", blank=True, related_name="posts", verbose_name=_("файлы")
    )
    edited_at = models.DateTimeField(_("исправлено"), null=True, blank=True)
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("сообщение")
        verbose_name_plural = _("сообщения")

    def __str__(self) -> str:
        return self.text[:60]


class PostRevision(models.Model):
    """The text of a post before an edit."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("сообщение")
    )
    text = models.TextField(_("текст"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("исправил"),
    )
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("прежняя редакция сообщения")
        verbose_name_plural = _("прежние редакции сообщений")

    def __str__(self) -> str:
        return f"{self.post_id}: {self.created_at:%d.%m.%Y %H:%M}"


class ReactionKind(models.TextChoices):
    AGREE = "agree", _("согласен")
    DISAGREE = "disagree", _("не согласен")
    QUESTION = "question", _("есть вопрос")


class Reaction(models.Model):
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="reactions", verbose_name=_("сообщение")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("кто")
    )
    kind = models.CharField(_("отклик"), max_length=10, choices=ReactionKind.choices)

    class Meta:
        verbose_name = _("отклик")
        verbose_name_plural = _("отклики")
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="workspace_reaction_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"


class Follow(models.Model):
    """A user follows a thread: replies in it are notified to them."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="workspace_follow_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.thread_id}"


class NotifyMode(models.TextChoices):
    IMMEDIATE = "immediate", _("сразу")
    DIGEST = "digest", _("раз в день сводкой")
    OFF = "off", _("не присылать")


class NotificationSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="workspace_notifications",
        verbose_name=_("пользователь"),
    )
    mode = models.CharField(
        _("уведомления по почте"),
        max_length=10,
        choices=NotifyMode.choices,
        default=NotifyMode.IMMEDIATE,
    )

    class Meta:
        verbose_name = _("настройка уведомлений")
        verbose_name_plural = _("настройки уведомлений")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.mode}"


class UnsubscribeLink(models.Model):
    """A personal unsubscribe link sent in one mail; only its hash is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user_id}"


class NoticeKind(models.TextChoices):
    MENTION = "mention", _("упоминание")
    REPLY = "reply", _("ответ в обсуждении")
    NEW_THREAD = "new_thread", _("новое обсуждение")


class Notice(models.Model):
    """Something a user is to be told by mail; ``sent_at`` once told (at once or in a digest)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=12, choices=NoticeKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="workspace_notice_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id}"


# ---------------------------------------------------------------- file library


class FolderQuerySet(VisibleQuerySet["Folder"]):
    def visible_to(self, user: Any) -> "FolderQuerySet":
        return self.filter(space__in=Space.objects.visible_to(user))


class Folder(Stamped):
    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, related_name="folders", verbose_name=_("пространство")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("в папке"),
    )
    name = models.CharField(_("название"), max_length=200)

    objects = FolderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("папка")
        verbose_name_plural = _("папки")

    def __str__(self) -> str:
        return self.name


class FileQuerySet(VisibleQuerySet["File"]):
    def visible_to(self, user: Any) -> "FileQuerySet":
        return self.filter(space__in=Space.objects.visible_to(user))


class File(Stamped):
    """A document of the library; its content lives in its versions."""

    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, related_name="files", verbose_name=_("пространство")
    )
    folder = models.ForeignKey(
        Folder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("папка"),
    )
    title = models.CharField(_("название"), max_length=300)
    current = models.ForeignKey(
        "workspace.FileVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("текущая версия"),
    )
    search_text = models.TextField(_("текст для поиска"), blank=True, editable=False)
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)

    objects = FileQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("файл")
        verbose_name_plural = _("файлы")

    def __str__(self) -> str:
        return self.title


class FileVersion(models.Model):
    file = models.ForeignKey(
        File, on_delete=models.CASCADE, related_name="versions", verbose_name=_("файл")
    )
    number = models.PositiveIntegerField(_("версия"))
    blob = models.FileField(_("содержимое"), upload_to="workspace/files/%Y/%m/", max_length=300)
    original_name = models.CharField(_("имя файла"), max_length=255)
    size = models.PositiveBigIntegerField(_("размер, байт"))
    content_type = models.CharField(_("тип содержимого"), max_length=120)
    note = models.CharField(_("что изменилось"), max_length=300, blank=True)
    restored_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("восстановлена из"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("автор"),
    )
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        ordering = ["file", "number"]
        verbose_name = _("версия файла")
        verbose_name_plural = _("версии файлов")
        constraints = [
            models.UniqueConstraint(fields=["file", "number"], name="workspace_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.number})"


class FileLinkQuerySet(VisibleQuerySet["FileLink"]):
    def visible_to(self, user: Any) -> "FileLinkQuerySet":
        return self.filter(file__in=File.objects.visible_to(user))


class FileLink(Stamped):
    """A library file linked to an object of the platform (a section, a task, an event):
    shown on that object's page to those who may read the file."""

    file = models.ForeignKey(
        File, on_delete=models.CASCADE, related_name="links", verbose_name=_("файл")
    )
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("тип объекта")
    )
    target_id = models.PositiveBigIntegerField(_("объект"))
    target = GenericForeignKey("target_type", "target_id")

    objects = FileLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("ссылка на файл")
        verbose_name_plural = _("ссылки на файлы")
        constraints = [
            models.UniqueConstraint(
                fields=["file", "target_type", "target_id"], name="workspace_file_link_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.file_id} → {self.target_type_id}:{self.target_id}"


# ---------------------------------------------------------------- messenger bridge


class Connection(Stamped):
    """A space connected to a messenger group. The bot token is not stored here: the
    connection names a secret in the ``ZEMLYAKI_MESSENGER_TOKENS`` setting."""

    space = models.OneToOneField(
        Space, on_delete=models.CASCADE, related_name="connection", verbose_name=_("пространство")
    )
    adapter = models.CharField(_("мессенджер"), max_length=20, default="telegram")
    chat_id = models.CharField(_("идентификатор группы"), max_length=100)
    token_name = models.CharField(_("имя секрета с токеном бота"), max_length=100)
    enabled = models.BooleanField(_("включено"), default=False)

    class Meta:
        verbose_name = _("подключение мессенджера")
        verbose_name_plural = _("подключения мессенджеров")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("в очереди")
    SENT = "sent", _("доставлено")
    FAILED = "failed", _("не доставлено")


class Delivery(models.Model):
    """One message to a messenger group, retried with back-off until delivered."""

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="deliveries")
    key = models.CharField(max_length=100, unique=True)  # at most one message per event
    text = models.TextField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.key}: {self.status}"
