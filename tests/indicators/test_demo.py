"""The demo's indicators: every kind of status, a returned value, and computed actuals that
equal a separate ORM query over the demo's own data — and move when the data change."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from zemlyaki.events.models import Event, EventStatus, Registration
from zemlyaki.indicators.models import Indicator, Measurement
from zemlyaki.indicators.refresh import indicators_refresh
from zemlyaki.indicators.selectors import views_of
from zemlyaki.people.models import Membership, Person
from zemlyaki.registry.models import Association
from zemlyaki.reports.models import AnnualReport
from zemlyaki.surveys.models import Invitation, Response

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def in_year(year):
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return start, end


def members_q(start, end, association=None):
    """Memberships overlapping the period, written apart from the measure."""
    rows = Membership.objects.exclude(since__gt=end).exclude(until__lt=start)
    if association is not None:
        rows = rows.filter(association=association)
    return rows.filter(person__erased_at__isnull=True)


def expected(measure, association, year):
    start, end = in_year(year)
    if measure == "people.members":
        return members_q(start, end, association).values("person").distinct().count()
    if measure == "people.experts":
        ids = members_q(start, end, association).values("person")
        return Person.objects.filter(pk__in=ids, show_as_expert=True).count()
    held = Event.objects.filter(status=EventStatus.HELD, starts_at__date__range=(start, end))
    visits = Registration.objects.filter(event__in=held, attended_at__isnull=False)
    if measure == "events.held":
        return held.count()
    if measure == "events.participants":
        return visits.count()
    if measure == "people.active":
        ids = set(members_q(start, end, association).values_list("person", flat=True))
        acted = set(visits.values_list("person", flat=True)) | set(
            Response.objects.filter(
                status="submitted", submitted_at__date__range=(start, end)
            ).values_list("person", flat=True)
        )
        return len(ids & acted)
    if measure == "reports.submitted":
        reports = AnnualReport.objects.filter(uploaded_at__date__range=(start, end))
        if association is not None:
            reports = reports.filter(association=association)
        return reports.count()
    if measure == "surveys.response_rate":
        invitations = list(Invitation.objects.filter(created_at__date__range=(start, end)))
        if not invitations:
            return 0
        answered = sum(
            Response.objects.filter(survey=i.survey, person=i.person, status="submitted").exists()
            for i in invitations
        )
        return round(100 * answered / len(invitations), 2)
    raise AssertionError(measure)


def stored(indicator, association, year):
    return float(
        Measurement.objects.get(indicator=indicator, association=association, year=year,
                                computed=True).value
    )  # fmt: skip


def test_demo_indicators(settings):
    call_command("load-demo", stdout=io.StringIO())
    indicators = list(Indicator.objects.all())
    assert len(indicators) == 14
    assert sum(i.source == "computed" for i in indicators) == 7
    assert {i.goal.number for i in indicators} == {1, 2, 3, 4, 5, 6}
    assert Indicator.objects.exclude(directions=None).count() >= 8
    statuses = {v.indicator.code: v.current.status for v in views_of(Indicator.objects.all())}
    assert {statuses["В1"], statuses["В2"], statuses["В3"], statuses["В4"]} == {
        "on_track", "risk", "behind", "achieved",
    }  # fmt: skip
    returned = Measurement.objects.get(status="returned")
    assert returned.indicator.code == "В5" and returned.remarks.startswith("Не приложен протокол")
    assert Measurement.objects.filter(status="pending").count() == 1
    entered = Measurement.objects.filter(computed=False)
    assert set(entered.values_list("year", flat=True)) == {2024, 2025}
    assert all(m.evidence_url or m.evidence_file for m in entered)
    assert all(not i.refresh_error for i in indicators)

    # Every computed actual equals a separate query, for the community and each association.
    associations = list(Association.objects.all())
    for indicator in Indicator.objects.filter(source="computed"):
        for year in range(2024, YEAR + 1):
            assert stored(indicator, None, year) == expected(indicator.measure, None, year), (
                indicator.code, year,
            )  # fmt: skip
            if indicator.level == "association":
                for association in associations:
                    assert stored(indicator, association, year) == expected(
                        indicator.measure, association, year
                    ), (indicator.code, year, association)

    # Changing the data and refreshing moves the values.
    members = Indicator.objects.get(code="К1")
    held = Indicator.objects.get(code="К3")
    before_members, before_held = stored(members, None, YEAR), stored(held, None, YEAR)
    from tests.people.factories import make_person

    tambov = associations[0]
    before_tambov = stored(members, tambov, YEAR)
    for n in range(3):
        make_person(f"Новиков{n}", association=tambov)
    event = Event.objects.filter(status=EventStatus.PLANNED).first() or Event.objects.first()
    Event.objects.filter(pk=event.pk).update(
        status=EventStatus.HELD, starts_at=timezone.now() - datetime.timedelta(hours=3)
    )
    moved = indicators_refresh()
    assert moved.failed == {}
    assert stored(members, None, YEAR) == before_members + 3
    assert stored(members, tambov, YEAR) == before_tambov + 3
    assert stored(held, None, YEAR) == expected("events.held", None, YEAR)
    assert stored(held, None, YEAR) >= before_held + (0 if event.status == "held" else 1)
