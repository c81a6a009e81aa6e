"""Writes of the indicators app: stages, goals, indicators and targets, entered values and
their review by the control body. The refresh of computed values is in ``refresh.py``."""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.errors import Conflict, Forbidden, Invalid
from zemlyaki.core.registries import measures
from zemlyaki.core.services import audit_record, model_snapshot
from zemlyaki.governance.powers import user_has_power

from .evidence import check_file, check_link
from .models import Goal, Indicator, Level, Measurement, ReviewStatus, Source, Stage, Target

MAX_VALUE = Decimal("99999999999999")  # 16 digits with 2 after the point


def _full_clean(obj: Any, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as error:
        raise Invalid.from_validation_error(error) from error


def _years(document: Any) -> tuple[int, int]:
    return document.period_from or 2024, document.period_to or 2032


def _decimal(value: Any, field: str, *, allow_negative: bool = True) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", ".").replace(" ", ""))
    except (InvalidOperation, ValueError) as exc:
        raise Invalid({field: [_("Введите число.")]}) from exc
    if not number.is_finite() or abs(number) > MAX_VALUE:
        raise Invalid({field: [_("Введите число.")]})
    if number < 0 and not allow_negative:
        raise Invalid({field: [_("Значение не может быть отрицательным для этой единицы.")]})
    return number.quantize(Decimal("0.01"))


def _year_within(document: Any, year: Any, field: str) -> int:
    first, last = _years(document)
    try:
        year = int(year)
    except (TypeError, ValueError) as exc:
        raise Invalid({field: [_("Укажите год числом.")]}) from exc
    if not first <= year <= last:
        raise Invalid(
            {
                field: [
                    _("Год должен быть в пределах периода стратегии: %(first)s–%(last)s.")
                    % {"first": first, "last": last}
                ]
            }
        )
    return year


# ------------------------------------------------------------------ stages and goals


@transaction.atomic
def stages_set(*, actor: Any, document: Any, periods: list[tuple[int, int]]) -> list[Stage]:
    """Replace the document's stages with ``periods`` ((start, end) years, in order): they
    lie within the document's years, each starts after the previous one ends."""
    first, last = _years(document)
    if not periods:
        raise Invalid({"stages": [_("Нужен хотя бы один этап.")]})
    previous_end = first - 1
    for start, end in periods:
        if not (first <= start <= end <= last):
            raise Invalid(
                {
                    "stages": [
                        _("Этап %(start)s–%(end)s выходит за период стратегии %(first)s–%(last)s.")
                        % {"start": start, "end": end, "first": first, "last": last}
                    ]
                }
            )
        if start <= previous_end:
            raise Invalid({"stages": [_("Этапы не должны пересекаться и идут по порядку.")]})
        previous_end = end
    before = [s.period for s in Stage.objects.filter(document=document)]
    Stage.objects.filter(document=document).delete()
    stages = [
        Stage.objects.create(
            document=document, number=n, start_year=start, end_year=end, created_by=_user(actor)
        )
        for n, (start, end) in enumerate(periods, start=1)
    ]
    audit_record(
        actor=actor,
        action="update",
        instance=document,
        before={"indicator_stages": before},
        after={"indicator_stages": [s.period for s in stages]},
        comment=_("Этапы реализации стратегии"),
    )
    return stages


def refresh_start(*, actor: Any) -> None:
    """Queue the computation of every computed indicator (the page's and the API's button)."""
    from .tasks import refresh_indicators

    refresh_indicators.enqueue()


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def goal_create(
    *, actor: Any, document: Any, number: int, title: str, is_demo: bool = False
) -> Goal:
    goal = Goal(
        document=document, number=number, title=title, is_demo=is_demo, created_by=_user(actor)
    )
    _full_clean(goal)
    goal.save()
    audit_record(actor=actor, action="create", instance=goal, after=model_snapshot(goal))
    return goal


# ------------------------------------------------------------------ indicators and targets


@transaction.atomic
def indicator_create(
    *,
    actor: Any,
    document: Any,
    directions: list[Any] | None = None,
    targets: dict[int, Any] | None = None,
    **fields: Any,
) -> Indicator:
    indicator = Indicator(document=document, created_by=_user(actor), **fields)
    _check_indicator(indicator)
    _full_clean(indicator)
    indicator.save()
    if directions:
        indicator.directions.set(directions)
    for year, value in (targets or {}).items():
        target_set(actor=actor, indicator=indicator, year=year, value=value)
    audit_record(actor=actor, action="create", instance=indicator, after=model_snapshot(indicator))
    return indicator


def _check_indicator(indicator: Indicator) -> None:
    if indicator.source == Source.COMPUTED and indicator.measure not in measures:
        raise Invalid({"measure": [_("Выберите меру из списка мер платформы.")]})
    if indicator.source == Source.ENTERED:
        indicator.measure = ""
    if indicator.baseline_year is not None and not 1990 <= indicator.baseline_year <= 2100:
        raise Invalid({"baseline_year": [_("Укажите год между 1990 и 2100.")]})


@transaction.atomic
def indicator_update(*, actor: Any, indicator: Indicator, **fields: Any) -> Indicator:
    before = model_snapshot(indicator)
    directions = fields.pop("directions", None)
    for name, value in fields.items():
        setattr(indicator, name, value)
    _check_indicator(indicator)
    _full_clean(indicator)
    indicator.save()
    if directions is not None:
        indicator.directions.set(directions)
    audit_record(
        actor=actor,
        action="update",
        instance=indicator,
        before=before,
        after=model_snapshot(indicator),
    )
    return indicator


@transaction.atomic
def target_set(*, actor: Any, indicator: Indicator, year: Any, value: Any) -> Target:
    """The value due by the end of ``year``, a year of the strategy."""
    year = _year_within(indicator.document, year, "year")
    amount = _decimal(value, "value", allow_negative=indicator.allow_negative)
    target, created = Target.objects.get_or_create(
        indicator=indicator, year=year, defaults={"value": amount, "created_by": _user(actor)}
    )
    before = None if created else model_snapshot(target)
    target.value = amount
    target.save()
    audit_record(
        actor=actor,
        action="create" if created else "update",
        instance=target,
        before=before,
        after=model_snapshot(target),
    )
    return target


@transaction.atomic
def targets_replace(*, actor: Any, indicator: Indicator, targets: dict[Any, Any]) -> None:
    """The indicator's targets become exactly ``targets`` ({year: value}); a refused year or
    value is reported on the field ``targets`` and nothing is changed."""
    try:
        for year, value in targets.items():
            target_set(actor=actor, indicator=indicator, year=year, value=value)
    except Invalid as error:
        raise Invalid({"targets": error.messages()}) from error
    years = [int(y) for y in targets]
    Target.objects.filter(indicator=indicator).exclude(year__in=years).delete()


@transaction.atomic
def indicator_save(
    *,
    actor: Any,
    document: Any,
    indicator: Indicator | None,
    targets: dict[Any, Any],
    **fields: Any,
) -> Indicator:
    """Create or change an indicator together with its targets: both, or nothing."""
    if indicator is None:
        indicator = indicator_create(actor=actor, document=document, **fields)
    else:
        indicator = indicator_update(actor=actor, indicator=indicator, **fields)
    targets_replace(actor=actor, indicator=indicator, targets=targets)
    return indicator


@transaction.atomic
def goals_replace(*, actor: Any, document: Any, titles: list[str]) -> list[Goal]:
    """The document's goals become ``titles``, numbered in order; a goal still named by an
    indicator keeps its row (renumbered or retitled), the others are removed."""
    titles = [t.strip() for t in titles if t.strip()]
    if not titles:
        raise Invalid({"goals": [_("Нужна хотя бы одна цель.")]})
    if any(len(t) > 300 for t in titles):
        raise Invalid({"goals": [_("Цель длиннее 300 знаков.")]})
    existing = list(Goal.objects.filter(document=document).order_by("number"))
    before = [str(g) for g in existing]
    Goal.objects.filter(document=document).update(number=F("number") + 10000)
    kept: list[Goal] = []
    for n, title in enumerate(titles, start=1):
        goal = (
            existing[n - 1]
            if n <= len(existing)
            else Goal(document=document, created_by=_user(actor))
        )
        goal.number, goal.title = n, title
        goal.save()
        kept.append(goal)
    for goal in existing[len(titles) :]:
        if goal.indicators.exists():
            raise Invalid(
                {
                    "goals": [
                        _("Цель «%(title)s» названа у показателей: сначала смените цель у них.")
                        % {"title": goal.title}
                    ]
                }
            )
        goal.delete()
    audit_record(
        actor=actor,
        action="update",
        instance=document,
        before={"indicator_goals": before},
        after={"indicator_goals": [str(g) for g in kept]},
        comment=_("Цели стратегии"),
    )
    return kept


# ------------------------------------------------------------------ entered values


def can_record(user: Any, indicator: Indicator, association: Any = None) -> bool:
    """``kpi.record``, unscoped or scoped to the indicator or to the association."""
    return (
        user_has_power(user, "kpi.record")
        or user_has_power(user, "kpi.record", indicator)
        or (association is not None and user_has_power(user, "kpi.record", association))
    )


def can_review(user: Any, indicator: Indicator | None = None) -> bool:
    return user_has_power(user, "kpi.review") or (
        indicator is not None and user_has_power(user, "kpi.review", indicator)
    )


def _check_entry(
    *, indicator: Indicator, year: Any, value: Any, association: Any, today: datetime.date
) -> tuple[int, Decimal]:
    errors: dict[str, list[str]] = {}
    checked_year = checked_value = None
    try:
        checked_year = _year_within(indicator.document, year, "period")
        if checked_year > today.year:
            raise Invalid({"period": [_("Нельзя внести значение за будущий период.")]})
    except Invalid as error:
        errors.update(error.field_errors)
    try:
        checked_value = _decimal(value, "value", allow_negative=indicator.allow_negative)
    except Invalid as error:
        errors.update(error.field_errors)
    if association is not None and indicator.level == Level.COMMUNITY:
        errors["association"] = [
            _("Этот показатель ведётся по всему сообществу, а не по землячествам.")
        ]
    if errors:
        raise Invalid(errors)
    assert checked_year is not None and checked_value is not None
    return checked_year, checked_value


def _evidence(file: Any, url: str, required: bool) -> tuple[Any, str]:
    url = (url or "").strip()
    if file:
        check_file(file)
    if url:
        check_link(url)
    if required and not file and not url:
        raise Invalid({"evidence": [_("Приложите файл или ссылку, подтверждающие значение.")]})
    return file, url


@transaction.atomic
def measurement_enter(
    *,
    actor: Any,
    indicator: Indicator,
    year: Any,
    value: Any,
    association: Any = None,
    comment: str = "",
    evidence_file: Any = None,
    evidence_url: str = "",
    today: datetime.date | None = None,
    is_demo: bool = False,
) -> Measurement:
    """An entered value with its evidence, waiting for the control body's review."""
    if not can_record(actor, indicator, association):
        raise Forbidden(
            _(
                "Вносить значения показателей может только тот, у кого есть "
                "полномочие «вносить значения показателей»."
            )
        )
    if indicator.source != Source.ENTERED:
        raise Conflict(_("Значения этого показателя вычисляет платформа."))
    year, amount = _check_entry(
        indicator=indicator,
        year=year,
        value=value,
        association=association,
        today=today or timezone.localdate(),
    )
    file, url = _evidence(evidence_file, evidence_url, required=True)
    waiting = Measurement.objects.select_for_update().filter(
        indicator=indicator,
        association=association,
        year=year,
        computed=False,
        status__in=[ReviewStatus.PENDING, ReviewStatus.RETURNED],
    )
    if waiting.exists():
        raise Conflict(_("Значение за этот год уже ждёт проверки или доработки: исправьте его."))
    measurement = Measurement(
        indicator=indicator,
        association=association,
        year=year,
        value=amount,
        comment=comment,
        evidence_url=url,
        status=ReviewStatus.PENDING,
        created_by=_user(actor),
        is_demo=is_demo,
    )
    if file:
        measurement.evidence_file.save(getattr(file, "name", "evidence"), file, save=False)
    measurement.save()
    audit_record(
        actor=actor, action="create", instance=measurement, after=model_snapshot(measurement)
    )
    return measurement


@transaction.atomic
def measurement_fix(
    *,
    actor: Any,
    measurement: Measurement,
    value: Any,
    comment: str | None = None,
    evidence_file: Any = None,
    evidence_url: str | None = None,
    today: datetime.date | None = None,
) -> Measurement:
    """The author (or another recorder) corrects a returned value; it goes back to review."""
    measurement = (
        Measurement.objects.select_for_update()
        .select_related("indicator__document")
        .get(pk=measurement.pk)
    )
    indicator = measurement.indicator
    if not can_record(actor, indicator, measurement.association):
        raise Forbidden()
    if measurement.computed or measurement.status != ReviewStatus.RETURNED:
        raise Conflict(_("Исправить можно только значение, возвращённое с замечаниями."))
    before = model_snapshot(measurement)
    _year, amount = _check_entry(
        indicator=indicator,
        year=measurement.year,
        value=value,
        association=measurement.association,
        today=today or timezone.localdate(),
    )
    url = measurement.evidence_url if evidence_url is None else evidence_url
    file, url = _evidence(evidence_file, url, required=not measurement.evidence_file)
    measurement.value = amount
    measurement.evidence_url = url
    if comment is not None:
        measurement.comment = comment
    if file:
        measurement.evidence_file.save(getattr(file, "name", "evidence"), file, save=False)
    measurement.status = ReviewStatus.PENDING
    measurement.save()
    audit_record(
        actor=actor,
        action="update",
        instance=measurement,
        before=before,
        after=model_snapshot(measurement),
        comment=_("Исправлено после замечаний"),
    )
    return measurement


@transaction.atomic
def measurement_review(
    *, actor: Any, measurement: Measurement, decision: str, remarks: str = ""
) -> Measurement:
    """The control body accepts an entered value or returns it with remarks."""
    measurement = (
        Measurement.objects.select_for_update().select_related("indicator").get(pk=measurement.pk)
    )
    if not can_review(actor, measurement.indicator):
        raise Forbidden(_("Проверять значения показателей может контрольный орган."))
    if decision not in (ReviewStatus.ACCEPTED, ReviewStatus.RETURNED):
        raise Invalid(
            {
                "decision": [
                    _("Решение: «accepted» (принято) или «returned» (возвращено с замечаниями).")
                ]
            }
        )
    remarks = (remarks or "").strip()
    if decision == ReviewStatus.RETURNED and not remarks:
        raise Invalid({"remarks": [_("Напишите замечания: что исправить.")]})
    if measurement.computed or measurement.status != ReviewStatus.PENDING:
        raise Conflict(_("Это значение не ждёт проверки."))
    if measurement.created_by_id is not None and measurement.created_by_id == getattr(
        actor, "pk", None
    ):
        raise Forbidden(_("Своё значение проверяет другой член контрольного органа."))
    before = model_snapshot(measurement)
    measurement.status = decision
    measurement.remarks = remarks
    measurement.reviewed_by = _user(actor)
    measurement.reviewed_at = timezone.now()
    measurement.save()
    audit_record(
        actor=actor,
        action="update",
        instance=measurement,
        before=before,
        after=model_snapshot(measurement),
    )
    return measurement
