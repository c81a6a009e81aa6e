import io

import docx
import pytest

from zemlyaki.reports import demo
from zemlyaki.reports.models import AnnualReport
from zemlyaki.reports.selectors import decade_trends


@pytest.fixture
def demo_reports(db):
    from zemlyaki.registry import demo as registry_demo

    registry_demo.load(lambda s: None)
    lines = demo.load(lambda s: None)
    assert lines == ["Годовые отчёты: создано 36 (всего демонстрационных 36), проанализированы."]
    # Every demo report is analysed to the end: none stopped half-way or in an error.
    states = AnnualReport.objects.filter(is_demo=True).values_list("status", "progress", "error")
    assert set(states) == {("analysed", 100, "")}


def test_demo_reports_analysis_page_note_and_chart(client, coordinator, demo_reports):
    """One test on purpose: the demo archive takes seconds to build and is read only."""
    per_decade = {
        d: AnnualReport.objects.filter(decade=d, status="analysed", is_demo=True).count()
        for d in ("1990s", "2000s", "2010s", "2020s")
    }
    assert per_decade == {"1990s": 8, "2000s": 12, "2010s": 8, "2020s": 8}
    trends = {row["code"]: row["trend"] for row in decade_trends()}
    assert trends["veterans"] == "grows"
    assert trends["media"] == "grows"
    assert trends["business"] == "fades"
    rows = {row["code"]: row for row in decade_trends("tambovskoe-zemlyachestvo")}
    assert rows["media"]["1990s"] == 0
    assert rows["media"]["counts"]["2020s"] > 0

    client.force_login(coordinator)
    response = client.get("/reports/analysis/")
    trend_of = {t["code"]: t["trend_label"] for t in response.context["summary"]["trends"]}
    assert trend_of["veterans"] == "растёт"
    assert trend_of["business"] == "угасает"
    assert '<td class="trend-grows">растёт</td>' in response.text
    assert response.context["summary"]["strengths"]
    assert response.context["summary"]["weaknesses"]
    document = docx.Document(io.BytesIO(client.get("/reports/analysis/note.docx").content))
    texts = [p.text for p in document.paragraphs]
    assert any(
        t.startswith("Направление «Поддержка ветеранов, военнослужащих и\u00a0их семей» растёт")
        for t in texts
    )
    assert any(
        t.startswith(
            "Направление «Деловые и\u00a0инвестиционные связи с\u00a0малой родиной» угасает"
        )
        for t in texts
    )
    table = document.tables[0]
    business = next(r for r in table.rows if r.cells[0].text.startswith("Деловые"))
    assert business.cells[1].text == "0"
    assert business.cells[-1].text == "угасает"
    assert sum(1 for t in texts if t.startswith("[")) == 36

    from zemlyaki.reports.charts import report_trends_svg

    svg = report_trends_svg()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "Поддержка ветеранов, военнослужащих и их…" in svg or "Поддержка ветеранов" in svg
    assert svg.count("<rect") == 4 + 11 * 4
