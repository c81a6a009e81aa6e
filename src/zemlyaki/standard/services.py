"""Writes of the standard: versions and criteria, years and deadlines, assessments.

The answers, their evidence and their review are in ``answers.py``.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.accounts.actors import acting_user
from zemlyaki.core.actors import Actor
from zemlyaki.core.models import AuditAction
from zemlyaki.core.services import audit_record, audit_update, model_snapshot

from .checks import checks, run_check
from .models import (
    Answer,
    AnswerKind,
    Assessment,
    Campaign,
    Criterion,
    DeadlineExtension,
    Evidence,
    EvidenceKind,
    StandardVersion,
    VersionStatus,
)

CRITERION_FIELDS = {
    "block",
    "order",
    "code",
    "text",
    "weight",
    "answer_kind",
    "levels",
    "thresholds",
    "evidence_kinds",
    "check_code",
}


@transaction.atomic
def version_create(
    *, actor: Actor | None, title: str, document_version: Any = None, is_demo: bool = False
) -> StandardVersion:
    errors: dict[str, list[str]] = {}
    if document_version is not None and document_version.document.kind != "standard":
        errors["document_version"] = [
            _("Версия стандарта привязывается к утверждённому документу вида «стандарт».")
        ]
    if errors:
        raise ValidationError(errors)
    top = StandardVersion.objects.aggregate(top=Max("number"))["top"] or 0
    version = StandardVersion(
        number=top + 1, title=title.strip(), document_version=document_version, is_demo=is_demo
    )
    version.full_clean()
    version.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=version, after=model_snapshot(version)
    )
    return version


def _clean_criterion(criterion: Criterion) -> None:
    errors: dict[str, list[str]] = {}
    if criterion.weight < 1:
        errors["weight"] = [_("Вес — целое число не меньше 1.")]
    if criterion.answer_kind == AnswerKind.LEVEL and (
        len(criterion.levels) < 2 or not all(str(x).strip() for x in criterion.levels)
    ):
        errors["levels"] = [_("Опишите каждый уровень, начиная с нулевого.")]
    if criterion.answer_kind == AnswerKind.NUMBER:
        try:
            values = [float(t) for t in criterion.thresholds]
        except (TypeError, ValueError):
            values = []
        if not values or values != sorted(values):
            errors["thresholds"] = [_("Укажите пороги по возрастанию.")]
    bad = [k for k in criterion.evidence_kinds if k not in EvidenceKind.values]
    if bad:
        errors["evidence_kinds"] = [_("Неизвестный вид подтверждения.")]
    if criterion.check_code and criterion.check_code not in checks:
        errors["check_code"] = [_("Такой вычисляемой проверки нет.")]
    if errors:
        raise ValidationError(errors)
    criterion.full_clean()


@transaction.atomic
def criterion_create(*, actor: Actor | None, version: StandardVersion, **fields: Any) -> Criterion:
    unknown = set(fields) - CRITERION_FIELDS
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    version = StandardVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(_("Критерии меняются только в проекте версии стандарта."))
    criterion = Criterion(version=version, **fields)
    _clean_criterion(criterion)
    criterion.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=criterion,
        after=model_snapshot(criterion),
    )
    return criterion


@transaction.atomic
def version_put_in_force(
    *, actor: Actor | None, version: StandardVersion, since: datetime.date | None = None
) -> StandardVersion:
    """The version comes into force; the one in force before retires. Assessments keep
    the version they were made under."""
    version = StandardVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(_("В силу вводится только проект версии."))
    if not version.criteria.exists():
        raise ValidationError(_("В версии нет ни одного критерия."))
    for old in StandardVersion.objects.select_for_update().filter(status=VersionStatus.IN_FORCE):
        before = model_snapshot(old)
        old.status = VersionStatus.RETIRED
        old.save(update_fields=["status"])
        audit_update(actor=actor, instance=old, before=before, after=model_snapshot(old))
    before = model_snapshot(version)
    version.status = VersionStatus.IN_FORCE
    version.in_force_since = since or timezone.localdate()
    version.save(update_fields=["status", "in_force_since"])
    audit_update(actor=actor, instance=version, before=before, after=model_snapshot(version))
    return version


@transaction.atomic
def campaign_set(
    *, actor: Actor | None, year: int, deadline: datetime.date, is_demo: bool = False
) -> Campaign:
    """Open the year's self-assessment or move its deadline."""
    campaign = Campaign.objects.select_for_update().filter(year=year).first()
    if campaign is None:
        campaign = Campaign(year=year, deadline=deadline, is_demo=is_demo)
        campaign.full_clean()
        campaign.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=campaign,
            after=model_snapshot(campaign),
        )
        return campaign
    before = model_snapshot(campaign)
    campaign.deadline = deadline
    campaign.full_clean()
    campaign.save(update_fields=["deadline"])
    audit_update(actor=actor, instance=campaign, before=before, after=model_snapshot(campaign))
    return campaign


@transaction.atomic
def deadline_extend(
    *, actor: Actor | None, campaign: Campaign, association: Any, deadline: datetime.date
) -> DeadlineExtension:
    if deadline <= campaign.deadline:
        raise ValidationError(
            {"deadline": [_("Продлённый срок должен быть позже общего срока года.")]}
        )
    extension = DeadlineExtension.objects.filter(campaign=campaign, association=association).first()
    before = model_snapshot(extension) if extension else None
    if extension is None:
        extension = DeadlineExtension(campaign=campaign, association=association)
    extension.deadline = deadline
    extension.full_clean()
    extension.save()
    if before is None:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=extension,
            after=model_snapshot(extension),
        )
    else:
        audit_update(
            actor=actor, instance=extension, before=before, after=model_snapshot(extension)
        )
    return extension


@transaction.atomic
def ranking_publish(*, actor: Actor | None, campaign: Campaign, published: bool = True) -> Campaign:
    before = model_snapshot(campaign)
    campaign.ranking_published = published
    campaign.save(update_fields=["ranking_published"])
    audit_update(actor=actor, instance=campaign, before=before, after=model_snapshot(campaign))
    return campaign


def version_in_force() -> StandardVersion | None:
    return StandardVersion.objects.filter(status=VersionStatus.IN_FORCE).first()


@transaction.atomic
def assessment_start(*, actor: Actor | None, association: Any, year: int) -> Assessment:
    """Start the year's self-assessment under the version in force; computed checks
    pre-fill their answers."""
    version = version_in_force()
    if version is None:
        raise ValidationError(_("Нет действующей версии стандарта."))
    if Assessment.objects.filter(association=association, year=year).exists():
        raise ValidationError(
            {"year": [_("Самооценка за %(year)s год уже начата.") % {"year": year}]}
        )
    assessment = Assessment(
        association=association,
        year=year,
        version=version,
        created_by=(acting_user(actor)),
    )
    assessment.full_clean()
    assessment.save()
    Answer.objects.bulk_create(
        [Answer(assessment=assessment, criterion=c) for c in version.criteria.all()]
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=assessment,
        after=model_snapshot(assessment),
    )
    _apply_checks(actor=actor, assessment=assessment, only_untouched=False)
    return assessment


def _apply_checks(*, actor: Actor | None, assessment: Assessment, only_untouched: bool) -> int:
    today = timezone.localdate()
    changed = 0
    answers = assessment.answers.select_related("criterion").exclude(criterion__check_code="")
    for answer in answers:
        if only_untouched and not answer.computed and answer.value is not None:
            continue  # the leader's own answer stands
        result = run_check(
            answer.criterion.check_code, assessment.association, assessment.year, today
        )
        if result is None:
            continue
        value = result.value
        if answer.criterion.answer_kind == AnswerKind.YES_NO:
            value = min(value, Decimal(1))
        value = Decimal(value).quantize(Decimal("0.01"))
        before = model_snapshot(answer)
        answer.value = value
        answer.computed = True
        answer.computed_note = result.note[:300]
        answer.evidence.filter(computed=True).delete()
        Evidence.objects.bulk_create(
            [
                Evidence(answer=answer, kind=EvidenceKind.EVENT, event=e, computed=True)
                for e in result.events
            ]
            + [
                Evidence(answer=answer, kind=EvidenceKind.REPORT, report=r, computed=True)
                for r in result.reports
            ]
        )
        after = model_snapshot(answer)
        if after != before:
            answer.revision += 1
            answer.save(update_fields=["value", "computed", "computed_note", "revision"])
            audit_update(actor=actor, instance=answer, before=before, after=model_snapshot(answer))
            changed += 1
    return changed


@transaction.atomic
def assessment_refresh_checks(*, actor: Actor | None, assessment: Assessment) -> int:
    """Run the computed checks again over current data (a draft only); answers the
    leader changed by hand are kept. Returns how many answers changed."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != "draft":
        raise ValidationError(_("Проверки пересчитываются только в черновике."))
    return _apply_checks(actor=actor, assessment=assessment, only_untouched=True)
