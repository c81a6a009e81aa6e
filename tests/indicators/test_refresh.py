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
