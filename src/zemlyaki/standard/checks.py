"""Computed checks: questions the platform answers from its own data, pre-filling a
criterion's answer and evidence. A criterion names its check by ``check_code``.

Each check reads the lower apps (the reports archive, events, people) through their
models and the measures registry; it returns the value, a note of what it found and the
objects that prove it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zemlyaki.core.registries import Period, Registry, Text, measure_value
from zemlyaki.events.models import Event, EventStatus
from zemlyaki.people.models import MemberImport
from zemlyaki.reports.models import AnnualReport


@dataclass
class CheckResult:
    value: Decimal
    note: str
    events: list[Any] = field(default_factory=list)
    reports: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class Check:
    code: str
    label: Text
    compute: Callable[[Any, int, datetime.date], CheckResult]


checks: Registry[Check] = Registry("standard checks")


def _report_by_march(association: Any, year: int, today: datetime.date) -> CheckResult:
    """The annual report for the previous year uploaded to the archive by 1 March."""
    due = datetime.date(year, 3, 1)
    reports = list(
        AnnualReport.objects.filter(
            association=association, year_to=year - 1, uploaded_at__date__lte=due
        ).order_by("uploaded_at")[:1]
    )
    if reports:
        note = _("Отчёт за %(prev)s год загружен %(date)s.") % {
            "prev": year - 1,
            "date": timezone.localtime(reports[0].uploaded_at).date().strftime("%d.%m.%Y"),
        }
        return CheckResult(Decimal(1), note, reports=reports)
    return CheckResult(
        Decimal(0),
        _("Отчёт за %(prev)s год до 1 марта %(year)s года в архив не загружен.")
        % {"prev": year - 1, "year": year},
    )


def _events_in_year(association: Any, year: int, today: datetime.date) -> CheckResult:
    """Events held in the year at which members of the association were present."""
    count = measure_value("events.held", association, Period.year(year))
    events = list(
        Event.objects.filter(
            status=EventStatus.HELD,
            starts_at__year=year,
            registrations__attended_at__isnull=False,
            registrations__person__memberships__association=association,
        )
        .distinct()
        .order_by("starts_at")[:10]
    )
    note = _("Проведено мероприятий за год: %(count)s.") % {"count": count}
    return CheckResult(Decimal(count), note, events=events)


def _members_updated(association: Any, year: int, today: datetime.date) -> CheckResult:
    """The member list was loaded within the twelve months before the day of the check."""
    since = today - datetime.timedelta(days=365)
    last = (
        MemberImport.objects.filter(
            association=association, committed_at__isnull=False, undone_at__isnull=True
        )
        .order_by("-committed_at")
        .first()
    )
    committed = last.committed_at if last is not None else None
    if committed is not None and timezone.localtime(committed).date() >= since:
        note = _("Список членов обновлён %(date)s.") % {
            "date": timezone.localtime(committed).date().strftime("%d.%m.%Y")
        }
        return CheckResult(Decimal(1), note)
    return CheckResult(Decimal(0), _("Список членов не обновлялся больше 12 месяцев."))


for _check in (
    Check(
        "report_by_march", gettext_lazy("Годовой отчёт представлен до 1 марта"), _report_by_march
    ),
    Check("events_in_year", gettext_lazy("Мероприятия за год"), _events_in_year),
    Check(
        "members_updated",
        gettext_lazy("Список членов обновлён за 12 месяцев"),
        _members_updated,
    ),
):
    checks.register(_check.code, _check)


def run_check(code: str, association: Any, year: int, today: datetime.date) -> CheckResult | None:
    check = checks.get(code)
    return None if check is None else check.compute(association, year, today)
