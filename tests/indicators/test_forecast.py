"""Forecast and status on constructed series."""

import pytest

from zemlyaki.indicators.forecast import Status, current_stage_index, linear_forecast, progress


def test_linear_forecast_needs_two_years_and_fits_a_straight_line():
    assert linear_forecast({2024: 10}, 2026) is None
    assert linear_forecast({}, 2026) is None
    assert linear_forecast({2024: 10, 2025: 20}, 2026) == 30.0
    # least squares through three points: 10, 14, 24 -> slope 7, mean 16 at 2025
    assert linear_forecast({2024: 10, 2025: 14, 2026: 24}, 2029) == 44.0


def stage(series, targets, **kw):
    kw.setdefault("current_year", 2026)
    return progress(start_year=2024, end_year=2026, series=series, targets=targets, **kw)


def test_on_track_when_the_forecast_reaches_the_target():
    p = stage({2024: 100, 2025: 150}, {2026: 200}, baseline=(2023, 50))
    assert p.status == Status.ON_TRACK
    assert p.forecast == 200.0
    assert p.actual == 150.0 and p.actual_year == 2025
    assert p.share == pytest.approx(100 / 150, abs=1e-4)
    assert p.status_label == "в графике"


def test_risk_when_the_forecast_falls_short():
    p = stage({2024: 100, 2025: 110}, {2026: 200}, baseline=(2023, 100))
    assert p.status == Status.RISK
    assert p.forecast == 113.33  # least squares through 100, 100, 110 at 2026
    assert p.status_label == "риск"


def test_behind_when_the_stage_is_over_and_the_target_missed():
    p = stage({2024: 100, 2025: 150, 2026: 180}, {2026: 200}, current_year=2027)
    assert p.status == Status.BEHIND
    assert p.status_label == "отставание"


def test_behind_when_a_yearly_target_in_the_stage_has_passed_unmet():
    p = stage({2024: 100, 2025: 120}, {2025: 150, 2026: 140}, baseline=(2023, 40))
    assert p.status == Status.BEHIND  # the forecast alone would reach 140


def test_achieved_when_the_actual_meets_the_target():
    p = stage({2024: 100, 2025: 210}, {2026: 200})
    assert p.status == Status.ACHIEVED
    assert p.status_label == "достигнуто"


def test_lower_is_better_turns_the_comparisons():
    achieved = stage({2024: 30, 2025: 18}, {2026: 20}, higher_is_better=False)
    assert achieved.status == Status.ACHIEVED
    risk = stage({2024: 30, 2025: 29}, {2026: 20}, higher_is_better=False)
    assert risk.status == Status.RISK


def test_the_baseline_is_one_of_the_two_points_of_the_forecast():
    fast = stage({2024: 100}, {2026: 140}, baseline=(2023, 60))
    assert (fast.status, fast.forecast) == (Status.ON_TRACK, 180.0)
    slow = stage({2024: 80}, {2026: 140}, baseline=(2023, 60))
    assert (slow.status, slow.forecast) == (Status.RISK, 120.0)
    lonely = stage({2024: 80}, {2026: 140})
    assert lonely.status == Status.NO_DATA and lonely.forecast is None
    assert stage({}, {2026: 140}).status == Status.NO_DATA
    assert stage({2024: 10}, {}).status == Status.NO_DATA


def test_current_stage():
    stages = [(2024, 2026), (2027, 2029), (2030, 2032)]
    assert current_stage_index(stages, 2025) == 0
    assert current_stage_index(stages, 2028) == 1
    assert current_stage_index(stages, 2040) == 2
    assert current_stage_index(stages, 2020) == 0
