"""Computed checks pre-fill answers and evidence from the platform's data, and follow it."""

import datetime

import pytest
from django.utils import timezone

from tests.events.factories import make_event
from tests.people.factories import make_person
from tests.standard.factories import association, make_version
from zemlyaki.core.registries import Period, measure_value
from zemlyaki.events.models import Event, EventStatus
from zemlyaki.events.services import attendance_mark, registration_create
from zemlyaki.people.models import MemberImport
from zemlyaki.reports.models import AnnualReport
from zemlyaki.reports.services import report_create
from zemlyaki.standard.answers import assessment_update_answers
from zemlyaki.standard.models import Answer
from zemlyaki.standard.services import assessment_refresh_checks, assessment_start

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year

COMPUTED = [
    {
        "block": "governance",
        "code": "1.1",
        "text": "Отчёт до 1 марта",
        "weight": 2,
        "check_code": "report_by_march",
        "evidence_kinds": ["report"],
    },
    {
        "block": "countrymen",
        "code": "2.1",
        "text": "Не меньше 4 мероприятий",
        "weight": 1,
        "answer_kind": "number",
        "thresholds": [4],
        "check_code": "events_in_year",
    },
    {
        "block": "countrymen",
        "code": "2.2",
        "text": "Список членов обновлён",
        "weight": 1,
        "check_code": "members_updated",
    },
]


def _held_event(assoc, person, title, when):
    event = make_event(title, starts_at=when)
    registration, _t = registration_create(
        event=event,
        name=str(person),
        email=f"e{Event.objects.count()}@example.org",
        person=person,
        notify=False,
    )
    attendance_mark(actor=None, registration=registration)
    Event.objects.filter(pk=event.pk).update(status=EventStatus.HELD)
    return event


def _answers(assessment):
    return {
        a.criterion.code: a
        for a in Answer.objects.filter(assessment=assessment).select_related("criterion")
    }


def test_checks_prefill_from_data_and_follow_changes():
    make_version(COMPUTED)
    assoc = association("Алтайское")
    person = make_person("Земляков", association=assoc)
    when = timezone.make_aware(datetime.datetime(YEAR, 1, 15, 18, 0))
    first = [_held_event(assoc, person, f"Встреча {i}", when) for i in range(3)]
    report = report_create(
        actor=None, association=assoc, year_from=YEAR - 1, text="Отчёт", process=False
    )
    AnnualReport.objects.filter(pk=report.pk).update(
        uploaded_at=timezone.make_aware(datetime.datetime(YEAR, 2, 20, 12, 0))
    )
    assessment = assessment_start(actor=None, association=assoc, year=YEAR)
    answers = _answers(assessment)
    assert (answers["1.1"].value, answers["1.1"].computed) == (1, True)
    assert [e.report_id for e in answers["1.1"].evidence.all()] == [report.pk]
    assert answers["2.1"].value == 3 == measure_value("events.held", assoc, Period.year(YEAR))
    assert sorted(e.event_id for e in answers["2.1"].evidence.all()) == sorted(e.pk for e in first)
    assert answers["2.1"].computed_note == "Проведено мероприятий за год: 3."
    assert answers["2.2"].value == 0

    # Data changes: a fourth event, a fresh member list, the report moved after 1 March.
    _held_event(assoc, person, "Встреча 4", when)
    MemberImport.objects.create(
        association=assoc,
        file="people/imports/x.csv",
        file_name="x.csv",
        committed_at=timezone.now() - datetime.timedelta(days=30),
    )
    AnnualReport.objects.filter(pk=report.pk).update(
        uploaded_at=timezone.make_aware(datetime.datetime(YEAR, 3, 5, 12, 0))
    )
    assert assessment_refresh_checks(actor=None, assessment=assessment) == 3
    answers = _answers(assessment)
    assert (answers["1.1"].value, answers["2.1"].value, answers["2.2"].value) == (0, 4, 1)
    assert answers["1.1"].evidence.count() == 0
    assert answers["2.1"].evidence.count() == 4


def test_refresh_keeps_the_leaders_own_answer():
    make_version(COMPUTED)
    assoc = association("Алтайское")
    assessment = assessment_start(actor=None, association=assoc, year=YEAR)
    answer = _answers(assessment)["2.1"]
    assessment_update_answers(
        actor=None, assessment=assessment, answers=[{"criterion": answer.criterion_id, "value": 6}]
    )
    assert assessment_refresh_checks(actor=None, assessment=assessment) == 0
    answer.refresh_from_db()
    assert (answer.value, answer.computed) == (6, False)
