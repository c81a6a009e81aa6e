import datetime
from types import SimpleNamespace

from zemlyaki.plan.gantt import CHART_WIDTH, LABEL_WIDTH, build_gantt


def task(pk, number, due=None, start=None, follows=False, status="not_started"):
    return SimpleNamespace(
        id=pk,
        number=number,
        short_title=f"Пункт {number}",
        start_date=start,
        due_date=due,
        status=status,
        follows_previous=follows,
        get_status_display=lambda: "не начато",
    )


D = datetime.date


def test_bars_arrows_and_today():
    tasks = [
        task(1, "1", D(2024, 1, 31)),
        task(2, "2", D(2024, 3, 1), follows=True),
        task(3, "3", D(2024, 2, 15), start=D(2024, 2, 1)),
        task(4, "4"),
        task(5, "5", D(2024, 2, 10)),
    ]
    chart = build_gantt(tasks, today=D(2024, 2, 20), dependencies={5: [2]}, problem_ids={5})
    bars = {b.number: b for b in chart.bars}
    assert [b.has_bar for b in chart.bars] == [True, True, True, False, True]
    assert bars["1"].start == D(2024, 1, 17)  # two weeks before the deadline
    assert bars["2"].start == D(2024, 1, 31)  # begins when the item above is due
    assert bars["3"].start == D(2024, 2, 1)  # its own start
    assert bars["5"].has_problem and not bars["1"].has_problem
    assert [(a.source, a.target, a.implicit, a.slip) for a in chart.arrows] == [
        (1, 2, True, False),
        (2, 5, False, True),  # 5 is due before 2, which it depends on
    ]
    assert LABEL_WIDTH < chart.today_x < LABEL_WIDTH + CHART_WIDTH
    assert bars["1"].x < bars["3"].x < chart.today_x < bars["2"].end_x
    assert [t.label for t in chart.ticks] == ["01.2024", "02.2024", "03.2024"]


def test_long_plans_get_yearly_ticks():
    tasks = [task(1, "1", D(2023, 10, 15)), task(2, "2", D(2032, 12, 31))]
    chart = build_gantt(tasks, today=D(2026, 11, 27), dependencies={})
    assert [t.label for t in chart.ticks] == [str(y) for y in range(2024, 2034)]
