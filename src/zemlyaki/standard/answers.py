"""Writes of an assessment's answers: the leader's answers and evidence, submission,
the control body's review of each criterion and the conversation about it."""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.accounts.actors import acting_user
from zemlyaki.core.actors import Actor
from zemlyaki.core.errors import Conflict
from zemlyaki.core.models import AuditAction
from zemlyaki.core.services import audit_record, audit_update, model_snapshot

from .models import (
    Answer,
    AnswerKind,
    AnswerMessage,
    Assessment,
    AssessmentStatus,
    Campaign,
    DeadlineExtension,
    Evidence,
    EvidenceKind,
    MessageKind,
    ReviewStatus,
)
from .uploads import check_evidence_file


class StaleReview(Conflict):
    """The review was made on an older revision of the answer than the current one."""

    def __init__(self, revision: int) -> None:
        self.revision = revision
        super().__init__(
            _("Ответ изменён после того, как вы его открыли: сейчас редакция %(revision)s.")
            % {"revision": revision}
        )


def answer_editable(answer: Answer, assessment: Assessment | None = None) -> bool:
    assessment = assessment or answer.assessment
    if assessment.status == AssessmentStatus.DRAFT:
        return True
    return (
        assessment.status == AssessmentStatus.RETURNED
        and answer.review_status == ReviewStatus.RETURNED
    )


def parse_value(criterion: Any, raw: Any) -> Decimal | None:
    """The stored value of an answer, or a ValidationError naming what is wrong."""
    if raw is None or raw == "":
        return None
    if criterion.answer_kind == AnswerKind.YES_NO:
        if raw in (True, "yes", "да", 1, "1"):
            return Decimal(1)
        if raw in (False, "no", "нет", 0, "0"):
            return Decimal(0)
        raise ValidationError({"value": [_("Ответ на этот критерий — «да» или «нет».")]})
    try:
        value = Decimal(str(raw).replace(",", "."))
    except InvalidOperation:
        raise ValidationError({"value": [_("Введите число.")]}) from None
    if not value.is_finite():
        raise ValidationError({"value": [_("Введите число.")]})
    if criterion.answer_kind == AnswerKind.LEVEL:
        if value != value.to_integral_value() or not 0 <= value <= criterion.max_value:
            raise ValidationError(
                {
                    "value": [
                        _("Уровень — целое число от 0 до %(top)s.") % {"top": criterion.max_value}
                    ]
                }
            )
        return value
    if value < 0 or value >= Decimal("1e10"):
        raise ValidationError({"value": [_("Число не может быть отрицательным.")]})
    return value.quantize(Decimal("0.01"))


def _locked(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


def _bump(*, actor: Actor | None, answer: Answer, before: dict[str, Any]) -> None:
    answer.revision += 1
    answer.full_clean()
    answer.save()
    audit_update(actor=actor, instance=answer, before=before, after=model_snapshot(answer))


@transaction.atomic
def assessment_update_answers(
    *, actor: Actor | None, assessment: Assessment, answers: list[dict[str, Any]]
) -> list[Answer]:
    """Save several answers (``{"criterion": id, "value": ..., "comment": ...}``) at once:
    all of them or, on any error, none."""
    assessment = _locked(assessment)
    by_criterion = {a.criterion_id: a for a in assessment.answers.select_related("criterion").all()}
    errors: dict[str, list[str]] = {}
    changed: list[tuple[Answer, dict[str, Any]]] = []
    for index, item in enumerate(answers):
        answer = by_criterion.get(item.get("criterion"))  # type: ignore[arg-type]  # a missing id finds nothing, as intended
        key = f"answers.{index}"
        if answer is None:
            errors[key] = [_("Такого критерия в этой самооценке нет.")]
            continue
        if not answer_editable(answer, assessment):
            errors[key] = [_("Этот ответ сейчас изменить нельзя.")]
            continue
        before = model_snapshot(answer)
        if "value" in item:
            try:
                value = parse_value(answer.criterion, item["value"])
            except ValidationError as exc:
                errors[key] = exc.messages
                continue
            if value != answer.value:
                answer.value = value
                answer.computed = False
        if "comment" in item:
            answer.comment = str(item["comment"] or "").strip()
        if model_snapshot(answer) != before:
            changed.append((answer, before))
    if errors:
        raise ValidationError(errors)
    for answer, before in changed:
        _bump(actor=actor, answer=answer, before=before)
    return [a for a, _b in changed]


@transaction.atomic
def evidence_add(
    *,
    actor: Actor | None,
    answer: Answer,
    kind: str,
    file: Any = None,
    url: str = "",
    event: Any = None,
    report: Any = None,
) -> Evidence:
    assessment = _locked(answer.assessment)
    answer = Answer.objects.select_related("criterion").get(pk=answer.pk)
    if not answer_editable(answer, assessment):
        raise ValidationError(_("Этот ответ сейчас изменить нельзя."))
    evidence = Evidence(answer=answer, kind=kind)
    if kind == EvidenceKind.FILE:
        if file is None:
            raise ValidationError({"file": [_("Выберите файл.")]})
        check_evidence_file(file)
        evidence.file_name = getattr(file, "name", "")[:255]
        evidence.file = file
    elif kind == EvidenceKind.LINK:
        evidence.url = url.strip()
        if not evidence.url:
            raise ValidationError({"url": [_("Укажите ссылку.")]})
    elif kind == EvidenceKind.EVENT:
        if event is None:
            raise ValidationError({"event": [_("Выберите мероприятие.")]})
        evidence.event = event
    elif kind == EvidenceKind.REPORT:
        if report is None or report.association_id != assessment.association_id:
            raise ValidationError({"report": [_("Выберите годовой отчёт своего землячества.")]})
        evidence.report = report
    else:
        raise ValidationError({"kind": [_("Неизвестный вид подтверждения.")]})
    evidence.full_clean()
    evidence.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=evidence, after=model_snapshot(evidence)
    )
    _bump(actor=actor, answer=answer, before=model_snapshot(answer))
    return evidence


@transaction.atomic
def evidence_remove(*, actor: Actor | None, evidence: Evidence) -> None:
    assessment = _locked(evidence.answer.assessment)
    answer = Answer.objects.get(pk=evidence.answer_id)
    if not answer_editable(answer, assessment):
        raise ValidationError(_("Этот ответ сейчас изменить нельзя."))
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=evidence,
        before=model_snapshot(evidence),
    )
    evidence.file.delete(save=False) if evidence.file else None
    evidence.delete()
    _bump(actor=actor, answer=answer, before=model_snapshot(answer))


def deadline_for(assessment: Assessment) -> datetime.date | None:
    campaign = Campaign.objects.filter(year=assessment.year).first()
    if campaign is None:
        return None
    extension = DeadlineExtension.objects.filter(
        campaign=campaign, association_id=assessment.association_id
    ).first()
    return extension.deadline if extension else campaign.deadline


@transaction.atomic
def assessment_submit(*, actor: Actor | None, assessment: Assessment) -> Assessment:
    """Submit a draft by the deadline (or an extended one), or resubmit after a return."""
    assessment = _locked(assessment)
    if assessment.status not in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED):
        raise ValidationError(_("Самооценка уже представлена."))
    if assessment.status == AssessmentStatus.DRAFT:
        deadline = deadline_for(assessment)
        if deadline is not None and timezone.localdate() > deadline:
            raise ValidationError(
                _("Срок представления истёк %(date)s; продлить его может координатор.")
                % {"date": deadline.strftime("%d.%m.%Y")}
            )
    errors: dict[str, list[str]] = {}
    answers = list(assessment.answers.select_related("criterion").prefetch_related("evidence"))
    for answer in answers:
        criterion = answer.criterion
        if answer.value is None:
            errors[f"criterion.{criterion.pk}"] = [
                _("Критерий %(code)s: нет ответа.") % {"code": criterion.code}
            ]
        elif criterion.evidence_kinds and not any(
            e.kind in criterion.evidence_kinds for e in answer.evidence.all()
        ):
            kinds = ", ".join(str(EvidenceKind(k).label) for k in criterion.evidence_kinds)
            errors[f"criterion.{criterion.pk}"] = [
                _("Критерий %(code)s: нужно подтверждение (%(kinds)s).")
                % {"code": criterion.code, "kinds": kinds}
            ]
    if errors:
        raise ValidationError(errors)
    before = model_snapshot(assessment)
    if assessment.status == AssessmentStatus.RETURNED:
        for answer in answers:
            if answer.review_status == ReviewStatus.RETURNED:
                answer.review_status = ReviewStatus.PENDING
                answer.save(update_fields=["review_status"])
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_update(actor=actor, instance=assessment, before=before, after=model_snapshot(assessment))
    return assessment


@transaction.atomic
def answer_review(
    *,
    actor: Actor | None,
    answer: Answer,
    decision: str,
    revision: int,
    accepted_value: Any = None,
    remark: str = "",
) -> Answer:
    """The control body's decision on one criterion, made on the answer's ``revision``;
    an older revision than the current one raises :class:`StaleReview`."""
    assessment = _locked(answer.assessment)
    answer = Answer.objects.select_related("criterion").select_for_update().get(pk=answer.pk)
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError(_("Рассматривать можно только представленную самооценку."))
    if revision != answer.revision:
        raise StaleReview(answer.revision)
    if answer.review_status != ReviewStatus.PENDING:
        raise ValidationError(_("Этот критерий уже рассмотрен."))
    remark = remark.strip()
    before = model_snapshot(answer)
    if decision == ReviewStatus.ACCEPTED:
        answer.accepted_value = answer.value
    elif decision == ReviewStatus.LOWERED:
        try:
            lowered = parse_value(answer.criterion, accepted_value)
        except ValidationError as exc:
            raise ValidationError({"accepted_value": exc.messages}) from None
        if lowered is None or answer.value is None or lowered >= answer.value:
            raise ValidationError(
                {"accepted_value": [_("Принятое значение должно быть ниже заявленного.")]}
            )
        answer.accepted_value = lowered
    elif decision == ReviewStatus.RETURNED:
        if not remark:
            raise ValidationError({"remark": [_("Напишите замечание: что исправить.")]})
        answer.accepted_value = None
    else:
        raise ValidationError({"decision": [_("Неизвестное решение.")]})
    answer.review_status = decision
    answer.reviewed_revision = revision
    answer.full_clean()
    answer.save()
    audit_update(actor=actor, instance=answer, before=before, after=model_snapshot(answer))
    text = remark or str(ReviewStatus(decision).label)
    kind = MessageKind.REMARK if decision == ReviewStatus.RETURNED else MessageKind.REVIEW
    _message(actor=actor, answer=answer, kind=kind, text=text)
    pending = assessment.answers.filter(review_status=ReviewStatus.PENDING).exists()
    if not pending:
        status_before = model_snapshot(assessment)
        returned = assessment.answers.filter(review_status=ReviewStatus.RETURNED).exists()
        assessment.status = AssessmentStatus.RETURNED if returned else AssessmentStatus.ACCEPTED
        assessment.save(update_fields=["status", "updated_at"])
        audit_update(
            actor=actor,
            instance=assessment,
            before=status_before,
            after=model_snapshot(assessment),
        )
    return answer


def _message(*, actor: Actor | None, answer: Answer, kind: str, text: str) -> AnswerMessage:
    message = AnswerMessage(
        answer=answer,
        author=acting_user(actor),
        kind=kind,
        text=text,
        revision=answer.revision,
    )
    message.full_clean()
    message.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=message, after=model_snapshot(message)
    )
    return message


@transaction.atomic
def answer_reply(*, actor: Actor | None, answer: Answer, text: str) -> AnswerMessage:
    """The leader's reply to a remark, kept in the criterion's conversation."""
    assessment = _locked(answer.assessment)
    answer = Answer.objects.get(pk=answer.pk)
    if not answer_editable(answer, assessment) or assessment.status == AssessmentStatus.DRAFT:
        raise ValidationError(_("Отвечать можно на замечание по возвращённому критерию."))
    if not text.strip():
        raise ValidationError({"text": [_("Напишите ответ на замечание.")]})
    return _message(actor=actor, answer=answer, kind=MessageKind.ANSWER, text=text.strip())
