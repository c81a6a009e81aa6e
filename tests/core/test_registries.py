"""The registries of core, as the apps fill them in AppConfig.ready()."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from tests.events.factories import make_event
from tests.people.factories import make_person
from tests.registry.factories import make_association
from zemlyaki.core import registries
from zemlyaki.core.registries import Period, Registry, measure_value
from zemlyaki.programs.units import ResourceKind

YEAR = Period.year(2025)


def _at(year, month, day, hour=12):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def test_apps_register_their_contributions():
    assert registries.inserts.keys() == [
        "table:stakeholders",
        "chart:report-trends",
        "table:bodies",
        "table:plan",
        "table:resources",
        "table:indicators",
        "chart:indicators",
    ]
    assert registries.measures.keys() == [
        "people.members",
        "people.experts",
        "surveys.response_rate",
        "reports.submitted",
        "plan.tasks_done",
        "events.held",
        "events.participants",
        "programs.pledges_delivered_share",
        "programs.pledges_delivered",
        *[f"programs.pledges_delivered_share.{kind}" for kind in ResourceKind.values],
        "standard.score",
        "people.active",
    ]
    assert sorted(registries.decision_effects.keys()) == [
        "approve_document",
        "approve_plan",
        "create_tasks",
    ]
    assert registries.linkables.keys() == [
        "registry.association",
        "surveys.survey",
        "plan.plan",
        "plan.task",
        "events.event",
        "programs.program",
        "strategy.document",
        "strategy.section",
    ]
    assert registries.demo_data.keys() == [
        "accounts",
        "registry",
        "directions",
        "people",
        "surveys",
        "reports",
        "governance",
        "plan",
        "events",
        "programs",
        "strategy",
        "standard",
        "indicators",
        "portal",
        "workspace",
    ]
    assert registries.object_panels.keys() == ["workspace.discussions"]
    assert registries.data_generators.keys() == ["registry", "people"]
    assert registries.user_facts.keys() == ["body_member"]
    assert registries.personal_data.keys() == [
        "people.public_consents",
        "surveys.responses",
        "surveys.invitations",
        "governance.memberships",
        "plan.tasks",
        "events.registrations",
        "events.invitations",
        "strategy.comments",
        "strategy.amendments",
        "strategy.positions",
        "strategy.drafts",
        "indicators.entries",
        "portal.questions",
        "workspace.posts",
    ]
    assert all(str(holder.title) for holder in registries.personal_data)
    assert [m.unit for m in registries.measures] == [
        "чел.", "чел.", "%", "шт.", "%", "шт.", "чел.", "%", "шт.", *["%"] * 9, "%", "чел.",
    ]  # fmt: skip


def test_a_key_is_registered_once():
    registry: Registry[int] = Registry("numbers")
    registry.register("one", 1)
    registry.register("one", 1)  # the same entry again is harmless
    with pytest.raises(ImproperlyConfigured, match="'one' is registered twice"):
        registry.register("one", 2)
    assert registry.get("one") == 1 and len(registry) == 1


def test_home_items_by_role(member):
    from django.contrib.auth.models import AnonymousUser

    # The public site's block (news, figures, next events) comes after what is one's own.
    assert [i.key for i in registries.home_items_for(AnonymousUser())] == [
        "registry:summary",
        "portal.site",
    ]
    member_items = [
        "registry:summary",
        "strategy:waiting",
        "standard:reviews",
        "people:my-associations",
        "events:my-registrations",
        "surveys:open",
        "portal.site",
    ]
    assert [i.key for i in registries.home_items_for(member)] == member_items
    registries.register_home_item(
        registries.HomeItem("test:coordinators", "x.html", dict, roles=frozenset({"coordinator"}))
    )
    try:
        assert [i.key for i in registries.home_items_for(member)] == member_items
        member.role = "coordinator"
        assert [i.key for i in registries.home_items_for(member)] == [
            "registry:associations",
            "registry:summary",
            "reports:received",
            "strategy:waiting",
            "standard:reviews",
            "plan:overdue",
            "surveys:open-count",
            "portal.site",
            "test:coordinators",
        ]
    finally:
        registries.home_items.unregister("test:coordinators")


@pytest.mark.django_db
def test_members_measure_matches_the_memberships():
    from zemlyaki.people.models import Membership
    from zemlyaki.people.services import membership_set

    tambov = make_association("Тамбовское землячество", codes=("68",))
    ryazan = make_association("Рязанское землячество", codes=("62",))
    both = make_person("Обоих", association=tambov)
    membership_set(actor=None, person=both, association=ryazan)
    make_person("Тамбовский", association=tambov)
    left = make_person("Ушедший")
    membership_set(actor=None, person=left, association=tambov, until=datetime.date(2024, 12, 31))
    later = make_person("Будущий")
    membership_set(actor=None, person=later, association=ryazan, since=datetime.date(2026, 1, 1))

    def expected(association):
        memberships = Membership.objects.exclude(until__lt=YEAR.start).exclude(since__gt=YEAR.end)
        if association is not None:
            memberships = memberships.filter(association=association)
        return len(set(memberships.values_list("person_id", flat=True)))

    assert measure_value("people.members", tambov, YEAR) == expected(tambov) == 2
    assert measure_value("people.members", ryazan, YEAR) == expected(ryazan) == 1
    assert measure_value("people.members", None, YEAR) == expected(None) == 2
    assert measure_value("people.members", tambov, Period.year(2024)) == 3


@pytest.mark.django_db
def test_events_held_measure_matches_the_events():
    from zemlyaki.events.models import Event, EventStatus
    from zemlyaki.events.services import attendance_mark, registration_create

    tambov = make_association("Тамбовское землячество", codes=("68",))
    member = make_person("Участников", association=tambov)
    held = make_event("Круглый стол", starts_at=_at(2025, 3, 1))
    make_event("Сессия", starts_at=_at(2025, 6, 1))
    make_event("Прошлогодний", starts_at=_at(2024, 6, 1))
    make_event("Отменённый", starts_at=_at(2025, 7, 1))
    registration, _token = registration_create(
        event=held, name="Участников Иван", email="u@example.org", person=member, notify=False
    )
    attendance_mark(actor=None, registration=registration)
    Event.objects.exclude(title__in=["Отменённый"]).update(status=EventStatus.HELD)
    Event.objects.filter(title="Отменённый").update(status=EventStatus.CANCELLED)

    expected = sum(
        1
        for event in Event.objects.all()
        if event.status == EventStatus.HELD
        and YEAR.start <= timezone.localtime(event.starts_at).date() <= YEAR.end
    )
    assert measure_value("events.held", None, YEAR) == expected == 2
    assert measure_value("events.held", tambov, YEAR) == 1
    assert measure_value("events.held", tambov, Period.year(2024)) == 0


@pytest.mark.django_db
def test_reports_submitted_measure_matches_the_archive(coordinator):
    from zemlyaki.reports.models import AnnualReport
    from zemlyaki.reports.services import report_create

    tambov = make_association("Тамбовское землячество", codes=("68",))
    ryazan = make_association("Рязанское землячество", codes=("62",))
    for association, year in ((tambov, 2005), (tambov, 2006), (ryazan, 2005)):
        report_create(
            actor=coordinator, association=association, year_from=year, text="Концерт.",
            process=False,
        )  # fmt: skip
    old = AnnualReport.objects.filter(association=tambov, year_from=2006)
    old.update(uploaded_at=_at(2024, 5, 1))
    AnnualReport.objects.exclude(association=tambov, year_from=2006).update(
        uploaded_at=_at(2025, 5, 1)
    )

    def expected(association):
        reports = [
            r
            for r in AnnualReport.objects.all()
            if timezone.localtime(r.uploaded_at).year == 2025
            and (association is None or r.association_id == association.pk)
        ]
        return len(reports)

    assert measure_value("reports.submitted", tambov, YEAR) == expected(tambov) == 1
    assert measure_value("reports.submitted", None, YEAR) == expected(None) == 2
    assert measure_value("reports.submitted", tambov, Period.year(2024)) == 1


def test_unknown_measure_is_an_error():
    with pytest.raises(KeyError):
        measure_value("nothing.here", None, YEAR)
