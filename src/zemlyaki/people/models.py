from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .visibility import PersonQuerySet


class VocabularyTerm(models.Model):
    """An entry of an editable vocabulary tree: a sphere (no parent) or a term in it.

    Free-text additions typed by people are kept with ``is_approved=False`` until a
    coordinator merges them into the vocabulary."""

    name = models.CharField(_("наименование"), max_length=150)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("сфера"),
    )
    synonyms = models.CharField(
        _("синонимы"),
        max_length=500,
        blank=True,
        help_text=_("Через запятую: слова, по которым поиск тоже находит это понятие."),
    )
    is_approved = models.BooleanField(_("в словаре"), default=True)
    folded_name = models.CharField(max_length=150, editable=False, db_index=True, default="")
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_sphere(self) -> bool:
        return self.parent_id is None and self.is_approved  # type: ignore[attr-defined]  # is_approved: a field of each concrete vocabulary

    def synonym_list(self) -> list[str]:
        return [s.strip() for s in self.synonyms.split(",") if s.strip()]


class Competency(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("компетенция")
        verbose_name_plural = _("компетенции")


class Interest(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("общественный интерес")
        verbose_name_plural = _("общественные интересы")


class Person(models.Model):
    """One human, one record, whatever associations they belong to."""

    last_name = models.CharField(_("фамилия"), max_length=100)
    first_name = models.CharField(_("имя"), max_length=100)
    patronymic = models.CharField(_("отчество"), max_length=100, blank=True)
    birth_date = models.DateField(_("дата рождения"), null=True, blank=True)
    phone = models.CharField(_("телефон"), max_length=12, blank=True)
    email = models.EmailField(_("электронная почта"), blank=True)
    home_region = models.ForeignKey(
        "core.Region",
        on_delete=models.SET_NULL,
        db_index=False,
        null=True,
        blank=True,
        related_name="natives",
        verbose_name=_("малая родина"),
    )
    home_place = models.CharField(_("населённый пункт малой родины"), max_length=200, blank=True)
    moscow_district = models.CharField(_("район проживания в Москве"), max_length=100, blank=True)
    occupation = models.CharField(_("профессия, должность"), max_length=200, blank=True)
    workplace = models.CharField(_("место работы"), max_length=300, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("учётная запись"),
    )
    competencies = models.ManyToManyField(
        Competency, blank=True, related_name="persons", verbose_name=_("компетенции")
    )
    interests = models.ManyToManyField(
        Interest, blank=True, related_name="persons", verbose_name=_("общественные интересы")
    )
    show_as_expert = models.BooleanField(
        _("согласие на показ в качестве эксперта"),
        default=False,
        help_text=_("Члены рабочих органов видят имя и компетенции эксперта."),
    )
    is_initiative = models.BooleanField(_("инициативный участник"), default=False)
    initiative_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто отметил инициативность"),
    )
    initiative_marked_at = models.DateTimeField(
        _("когда отмечена инициативность"), null=True, blank=True
    )
    initiative_reason = models.CharField(_("за что отмечен"), max_length=300, blank=True)
    photo = models.ImageField(_("фотография"), upload_to="people/photos/", blank=True)
    has_consent = models.BooleanField(_("есть действующее согласие"), default=False)
    erased_at = models.DateTimeField(_("персональные данные удалены"), null=True, blank=True)
    match_name = models.CharField(max_length=310, editable=False, default="")
    search_text = models.TextField(editable=False, default="")
    expertise_text = models.TextField(editable=False, default="")
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "patronymic"]
        verbose_name = _("участник")
        verbose_name_plural = _("участники")
        # Each index is paid for by every insert (a list import writes a hundred thousand
        # persons at once), so there is none that another one already serves:
        indexes = [
            # matching by name and birth date, and by name alone (its first column); on
            # PostgreSQL the pattern operator class also serves ``LIKE 'начало%'`` of the
            # search by surname, which a separate index served before.
            models.Index(
                fields=["match_name", "birth_date"],
                name="people_person_match",
                opclasses=["varchar_pattern_ops", "date_ops"],
            ),
            # matching by phone and e-mail: equality only, so without the pattern indexes
            # PostgreSQL adds to a field's own ``db_index``.
            models.Index(fields=["phone"], name="people_person_phone"),
            models.Index(fields=["email"], name="people_person_email"),
            # The two links that are empty for nearly everyone, indexed where they are
            # set (what deleting a region or a user looks for).
            models.Index(
                fields=["home_region"],
                name="people_person_home_region",
                condition=models.Q(home_region__isnull=False),
            ),
            models.Index(
                fields=["initiative_marked_by"],
                name="people_person_marked_by",
                condition=models.Q(initiative_marked_by__isnull=False),
            ),
            # The few persons whose data were erased: what finding a re-import's unchanged
            # rows leaves out of the association's members, without looking up each member.
            models.Index(
                fields=["id"],
                name="people_person_erased",
                condition=models.Q(erased_at__isnull=False),
            ),
            # On PostgreSQL only (migrations 0006, 0007): B-tree indexes in the two orders of
            # expert search. SQLite finds text by a scan anyway and would only pay for them
            # on every insert.
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("people:person_detail", kwargs={"pk": self.pk})

    @property
    def full_name(self) -> str:
        if self.erased_at:
            return str(_("Удалённая запись № %(id)s") % {"id": self.pk})
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("председатель")
    DEPUTY = "deputy", _("заместитель председателя")
    SECRETARY = "secretary", _("секретарь")
    COUNCIL = "council", _("член совета")
    MEMBER = "member", _("член")
    HONORARY = "honorary", _("почётный член")


class Membership(models.Model):
    # Neither link has an index of its own: the unique (person, association) and the
    # (association, import hash) indexes start with them.
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        db_index=False,
        related_name="memberships",
        verbose_name=_("участник"),
    )
    association = models.ForeignKey(
        "registry.Association",
        on_delete=models.CASCADE,
        db_index=False,
        related_name="memberships",
        verbose_name=_("землячество"),
    )
    role = models.CharField(
        _("роль"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    since = models.DateField(_("с"), null=True, blank=True)
    until = models.DateField(_("по"), null=True, blank=True)
    # The hash of the list row last imported for this member: a re-import skips it.
    import_hash = models.CharField(max_length=32, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("членство")
        verbose_name_plural = _("членства")
        indexes = [models.Index(fields=["association", "import_hash"], name="people_member_import")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "association"], name="people_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.association}"


class ConsentForm(models.TextChoices):
    PAPER = "paper", _("письменное (на бумаге)")
    ONLINE = "online", _("на сайте")
    QUESTIONNAIRE = "questionnaire", _("в анкете")


class Consent(models.Model):
    """Consent to the processing of personal data (152-FZ, article 9)."""

    # Empty for a consent given on a public form by someone without a card; then the
    # subject is known by the name and contact they typed, and the form by ``source``.
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("участник"),
    )
    subject_name = models.CharField(
        _("кто дал согласие"), max_length=200, blank=True, db_default=""
    )
    subject_contact = models.CharField(_("контакт"), max_length=254, blank=True, db_default="")
    source = models.CharField(_("где дано"), max_length=100, blank=True, db_default="")
    text_version = models.CharField(
        _("редакция текста согласия"), max_length=20, blank=True, db_default=""
    )
    purpose = models.CharField(_("цель обработки"), max_length=300)
    form = models.CharField(_("форма согласия"), max_length=20, choices=ConsentForm.choices)
    given_on = models.DateField(_("дата согласия"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто внёс"),
    )
    recorded_at = models.DateTimeField(_("внесено"), auto_now_add=True)
    withdrawn_on = models.DateField(_("отозвано"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто внёс отзыв"),
    )

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("согласие на обработку персональных данных")
        verbose_name_plural = _("согласия на обработку персональных данных")
        # Withdrawn consents are few: indexed where set (what deleting a user looks for).
        indexes = [
            models.Index(
                fields=["withdrawn_by"],
                name="people_consent_withdrawn_by",
                condition=models.Q(withdrawn_by__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person or self.subject_name}: {self.purpose}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class CandidateList(models.Model):
    """A list of candidates, e.g. for the extended expert council."""

    name = models.CharField(_("название"), max_length=200)
    purpose = models.TextField(_("назначение"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("составил"),
    )
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("список кандидатов")
        verbose_name_plural = _("списки кандидатов")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("people:candidate_list_detail", kwargs={"pk": self.pk})


class CandidateEntry(models.Model):
    candidate_list = models.ForeignKey(
        CandidateList, on_delete=models.CASCADE, related_name="entries", verbose_name=_("список")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="candidacies", verbose_name=_("участник")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто добавил"),
    )
    note = models.CharField(_("примечание"), max_length=300, blank=True)
    added_at = models.DateTimeField(_("добавлен"), auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("кандидат")
        verbose_name_plural = _("кандидаты")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate_list", "person"], name="people_candidate_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.candidate_list}"


# Imports, invitations and erasure requests live in modules of their own; Django finds
# them here.
from .models_access import (  # noqa: E402,F401
    AccessAction,
    AccessLogEntry,
    ErasureRequest,
    PersonInvitation,
)
from .models_imports import (  # noqa: E402,F401
    ImportMapping,
    ImportRow,
    ImportStatus,
    MemberImport,
    OnMatch,
    RowOutcome,
    RowStatus,
)
