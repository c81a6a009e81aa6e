"""Models of member list imports: the import with its status and progress, its rows as
previewed and applied, and the column mapping an association keeps for its next lists."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.progress import is_stalled


class ImportStatus(models.TextChoices):
    READING = "reading", _("чтение файла")
    MAPPING = "mapping", _("нужно сопоставить столбцы")
    PREVIEW = "preview", _("предпросмотр")
    QUEUED = "queued", _("в очереди")
    RUNNING = "running", _("выполняется")
    DONE = "done", _("выполнена")
    FAILED = "failed", _("ошибка")
    UNDOING = "undoing", _("отменяется")
    UNDONE = "undone", _("отменена")


WORKING_STATUSES = frozenset(
    {ImportStatus.READING, ImportStatus.QUEUED, ImportStatus.RUNNING, ImportStatus.UNDOING}
)


class OnMatch(models.TextChoices):
    SKIP = "skip", _("пропустить")
    FILL = "fill", _("дополнить пустые поля")
    UPDATE = "update", _("обновить")


class MemberImport(models.Model):
    """One upload of a leader's member list: its file, mapping, preview rows, counts and undo."""

    association = models.ForeignKey(
        "registry.Association",
        on_delete=models.CASCADE,
        related_name="member_imports",
        verbose_name=_("землячество"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто загрузил"),
    )
    file = models.FileField(_("файл"), upload_to="people/imports/")
    file_name = models.CharField(_("имя файла"), max_length=255)
    # The rows in error with their reasons (XLSX), written by the reading in the background.
    errors_file = models.FileField(
        _("отчёт об ошибках"), upload_to="people/import-errors/", blank=True
    )
    headers = models.JSONField(_("заголовки"), default=list)
    mapping = models.JSONField(_("сопоставление столбцов"), default=dict)
    status = models.CharField(
        _("состояние"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.READING
    )
    on_match = models.CharField(
        _("при совпадении"), max_length=10, choices=OnMatch.choices, default=OnMatch.FILL
    )
    total = models.PositiveIntegerField(_("строк в файле"), default=0)
    processed = models.PositiveIntegerField(_("обработано"), default=0)
    created = models.PositiveIntegerField(_("создано"), default=0)
    matched = models.PositiveIntegerField(_("совпало"), default=0)
    updated = models.PositiveIntegerField(_("обновлено"), default=0)
    errors = models.PositiveIntegerField(_("ошибок"), default=0)
    preview_new = models.PositiveIntegerField(_("новых по предпросмотру"), default=0)
    preview_matched = models.PositiveIntegerField(_("совпадений по предпросмотру"), default=0)
    preview_errors = models.PositiveIntegerField(_("ошибок по предпросмотру"), default=0)
    created_terms = models.JSONField(_("созданные записи словарей"), default=dict, blank=True)
    failure = models.TextField(_("причина сбоя"), blank=True)
    # When the background work on the file last moved (``core.progress``).
    progress_at = models.DateTimeField(_("работа двигалась"), default=timezone.now)
    created_at = models.DateTimeField(_("загружено"), auto_now_add=True)
    committed_at = models.DateTimeField(_("применено"), null=True, blank=True)
    undone_at = models.DateTimeField(_("отменено"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("загрузка списка")
        verbose_name_plural = _("загрузки списков")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.association})"

    @property
    def percent(self) -> int:
        return min(100, int(self.processed * 100 / self.total)) if self.total else 0

    @property
    def is_working(self) -> bool:
        """The file is being read, applied or undone in the background."""
        return self.status in WORKING_STATUSES

    @property
    def is_stalled(self) -> bool:
        """Working, but nothing has moved for longer than the setting allows: the worker
        that had it stopped. The work can be restarted."""
        return self.is_working and is_stalled(
            self.progress_at, minutes=settings.ZEMLYAKI_IMPORT_STALL_MINUTES
        )


class RowStatus(models.TextChoices):
    NEW = "new", _("новый участник")
    MATCH = "match", _("совпадение")
    ERROR = "error", _("ошибка")


class RowOutcome(models.TextChoices):
    PENDING = "", _("—")
    CREATED = "created", _("создан")
    UPDATED = "updated", _("обновлён")
    UNCHANGED = "unchanged", _("без изменений")
    SKIPPED = "skipped", _("пропущен")
    ERROR = "error", _("ошибка")


class ImportRow(models.Model):
    # No index of its own: the index of the rows' order starts with it.
    member_import = models.ForeignKey(
        MemberImport,
        on_delete=models.CASCADE,
        db_index=False,
        related_name="rows",
        verbose_name=_("загрузка"),
    )
    number = models.PositiveIntegerField(_("строка файла"))
    data = models.JSONField(_("данные строки"), default=dict)
    status = models.CharField(_("предпросмотр"), max_length=10, choices=RowStatus.choices)
    match_on = models.CharField(_("совпадение по"), max_length=20, blank=True)
    messages = models.JSONField(_("ошибки"), default=list)
    # The person the row created or matched: what the import's page links to, what undo
    # deletes or restores, what a person's data request finds. Django empties it when the
    # person is deleted (``SET_NULL``); the database does not check it. Its check cost
    # applying a list one lookup of the person for each row at the commit (0.34 s of the
    # 10 s of 100,000 rows, PostgreSQL). Only the import writes it: the preview, with the
    # person matched or, for a new row on PostgreSQL, the id taken ahead for the person
    # applying will create (``rows._reserve_person_ids``; until then it names no one),
    # and applying, with the persons it has just written or matched.
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="+",
        verbose_name=_("участник"),
    )
    outcome = models.CharField(
        _("итог"), max_length=10, choices=RowOutcome.choices, default="", blank=True
    )
    undo = models.JSONField(_("для отмены"), default=dict, blank=True)

    class Meta:
        ordering = ["member_import", "number"]
        # An import's rows are read in the order of the file, a batch at a time.
        indexes = [models.Index(fields=["member_import", "number"], name="people_importrow_order")]
        verbose_name = _("строка загрузки")
        verbose_name_plural = _("строки загрузки")

    def __str__(self) -> str:
        return f"{self.member_import_id}:{self.number}"


class ImportMapping(models.Model):
    """A column mapping saved for the next upload of an association's list."""

    association = models.OneToOneField(
        "registry.Association",
        on_delete=models.CASCADE,
        related_name="import_mapping",
        verbose_name=_("землячество"),
    )
    mapping = models.JSONField(_("сопоставление столбцов"), default=dict)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("сохранённое сопоставление столбцов")
        verbose_name_plural = _("сохранённые сопоставления столбцов")

    def __str__(self) -> str:
        return str(self.association)
