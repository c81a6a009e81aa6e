import datetime
import io

import pytest
from django.core.management import call_command

from tests.people.factories import make_person
from tests.registry.factories import make_association
from zemlyaki.core.registries import Measure, measures
from zemlyaki.indicators.models import Measurement
from zemlyaki.indicators.refresh import indicators_refresh

from .factories import make_document, make_indicator

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)


def values(indicator, association=None):
    rows = Measurement.objects.filter(indicator=indicator, association=association, computed=True)
    return {m.year: float(m.value) for m in rows}


def test_refresh_stores_computed_values_and_moves_when_the_data_changes():
    document = make_document()
    tambov = make_association("Тамбовское землячество")
    members = make_indicator(document, code="Ч1", source="computed", measure="people.members",
                             level="association")  # fmt: skip
    make_person("Петров", association=tambov)
    make_person("Сидоров", association=tambov)
    result = indicators_refresh(today=TODAY)
    assert result.refreshed == ["Ч1"] and result.failed == {}
    assert values(members) == {2024: 2.0, 2025: 2.0, 2026: 2.0}
    assert values(members, tambov) == {2024: 2.0, 2025: 2.0, 2026: 2.0}
    stored = Measurement.objects.get(indicator=members, association=None, year=2025)
    assert stored.computed_from == "people.members: 2025"
    assert stored.computed_at is not None and stored.status == "accepted"

    make_person("Кузнецов", association=tambov)
    indicators_refresh(today=TODAY)
    assert values(members)[2026] == 3.0
    assert Measurement.objects.filter(indicator=members, association=None).count() == 3


def test_a_failing_measure_is_recorded_and_the_others_still_refresh():
    def broken(association, period):
        raise ZeroDivisionError("division by zero")

    measures.register("test.broken", Measure("test.broken", "Сломанная", "шт.", broken))
    try:
        document = make_document()
        bad = make_indicator(document, code="А1", source="computed", measure="test.broken")
        good = make_indicator(document, code="Б1", source="computed", measure="events.held")
        out, err = io.StringIO(), io.StringIO()
        with pytest.raises(SystemExit):
            call_command("indicators", "refresh", stdout=out, stderr=err)
    finally:
        measures.unregister("test.broken")
    bad.refresh_from_db()
    good.refresh_from_db()
    assert bad.refresh_error == "ZeroDivisionError: division by zero"
    assert good.refresh_error == "" and good.refreshed_at is not None
    assert values(bad) == {}
    assert set(values(good)) >= {2024, 2025}
    assert "Показателей вычислено: 1" in out.getvalue()
    assert "А1: ZeroDivisionError: division by zero" in err.getvalue()


def test_grouped_measures_agree_with_the_one_by_one_answers():
    """Every measure that answers for all associations at once gives what it gives for
    each association alone (people in two associations, one without, an erased one)."""
    from django.utils import timezone

    from tests.people.factories import make_person
    from zemlyaki.core.registries import Period
    from zemlyaki.events.models import Event, Registration
    from zemlyaki.people.services import membership_set

    tambov = make_association("Тамбовское землячество")
    ryazan = make_association("Рязанское землячество", codes=("62",))
    both = make_person("Двойнов", association=tambov, show_as_expert=True)
    membership_set(actor=None, person=both, association=ryazan)
    make_person("Одинов", association=ryazan)
    make_person("Безчленов")
    event = Event.objects.create(kind="other", title="Встреча", status="held",
                                 starts_at=timezone.now())  # fmt: skip
    Registration.objects.create(event=event, person=both, name="Д", email="d@example.org",
                                email_key="d", token_hash="1" * 64, status="confirmed",
                                attended_at=timezone.now())  # fmt: skip
    period = Period.year(timezone.localdate().year)
    grouped = [m for m in measures if m.by_association is not None]
    assert {m.name for m in grouped} >= {"people.members", "people.experts", "people.active",
                                         "events.held", "events.participants",
                                         "reports.submitted"}  # fmt: skip
    for measure in grouped:
        answers = measure.by_association(period)
        for association in (tambov, ryazan):
            assert answers.get(association.pk, 0) == measure.compute(association, period), (
                measure.name, association.name,
            )  # fmt: skip
    members = measures.get("people.members")
    assert members.by_association(period) == {tambov.pk: 1, ryazan.pk: 2}
    assert members.compute(None, period) == 2


def test_the_daily_run_recomputes_the_last_two_years_and_fills_missing_ones():
    document = make_document()
    tambov = make_association("Тамбовское землячество")
    members = make_indicator(document, code="Ч1", source="computed", measure="people.members")
    make_person("Петров", association=tambov)
    indicators_refresh(today=TODAY)
    assert values(members) == {2024: 1.0, 2025: 1.0, 2026: 1.0}
    Measurement.objects.filter(indicator=members, year=2024).update(value=99)
    make_person("Сидоров", association=tambov)
    indicators_refresh(today=TODAY)
    assert values(members) == {2024: 99.0, 2025: 2.0, 2026: 2.0}
    indicators_refresh(today=TODAY, all_years=True)
    assert values(members) == {2024: 2.0, 2025: 2.0, 2026: 2.0}
    Measurement.objects.filter(indicator=members, year=2024).delete()
    indicators_refresh(today=TODAY)
    assert values(members) == {2024: 2.0, 2025: 2.0, 2026: 2.0}


def test_pledges_delivered_share_by_kind():
    import datetime as dt

    from zemlyaki.core.registries import Period
    from zemlyaki.programs.models import Pledge, Program

    program = Program.objects.create(title="Программа", start=dt.date(2025, 1, 1),
                                     end=dt.date(2025, 12, 31))  # fmt: skip
    from tests.registry.factories import make_stakeholder

    giver = make_stakeholder()
    for kind, status in (("money", "delivered"), ("money", "pledged"), ("premises", "delivered")):
        Pledge.objects.create(program=program, stakeholder=giver, kind=kind, unit="rub",
                              quantity=1, status=status, end=dt.date(2025, 6, 1))  # fmt: skip
    year = Period.year(2025)
    assert measures.get("programs.pledges_delivered_share").compute(None, year) == 66.67
    assert measures.get("programs.pledges_delivered_share.money").compute(None, year) == 50.0
    assert measures.get("programs.pledges_delivered_share.premises").compute(None, year) == 100.0
    assert measures.get("programs.pledges_delivered_share.goods").compute(None, year) == 0.0
    assert str(measures.get("programs.pledges_delivered_share.money").label) == (
        "Доля выполненных ресурсных обязательств: деньги"
    )
