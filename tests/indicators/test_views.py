import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.registry.factories import make_association
from zemlyaki.indicators.models import Measurement
from zemlyaki.indicators.services import measurement_enter, measurement_review

from .factories import controller, make_document, make_indicator, recorder

pytestmark = pytest.mark.django_db


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def world():
    document = make_document()
    public = make_indicator(document, code="А1", name="Члены землячеств", targets={2026: 100},
                            public=True, baseline_year=2023, baseline_value=40)  # fmt: skip
    private = make_indicator(document, code="А2", name="Закрытый показатель")
    return document, public, private


def accepted(indicator, year, value):
    m = measurement_enter(actor=recorder(f"r{year}{indicator.pk}"), indicator=indicator,
                          year=year, value=value, evidence_url="https://example.org/a")  # fmt: skip
    return measurement_review(actor=controller(f"c{year}{indicator.pk}"), measurement=m,
                              decision="accepted")  # fmt: skip


def test_guest_sees_the_public_subset_only(world):
    _document, public, private = world
    page = client_for().get("/indicators/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Члены землячеств" in text and "Закрытый показатель" not in text
    assert client_for().get(f"/indicators/{private.pk}/").status_code == 404
    accepted(public, 2024, 60)
    Measurement.objects.filter(indicator=public).update(comment="Сводка Иванова И. И.")
    guest_page = client_for().get(f"/indicators/{public.pk}/")
    assert guest_page.status_code == 200
    text = guest_page.content.decode()
    assert '<tr data-status="accepted">' in text  # the value is public
    assert "Иванова" not in text and "example.org" not in text  # its author and evidence not


def test_dashboard_queries_do_not_grow_with_indicators(
    world, member, django_assert_max_num_queries
):
    document, public, _private = world
    accepted(public, 2024, 60)
    from django.core.cache import cache

    client = client_for(member)
    client.get("/indicators/")
    cache.clear()  # the cards are kept while the data stay the same: count a miss
    with django_assert_max_num_queries(16) as few:
        client.get("/indicators/")
    with django_assert_max_num_queries(len(few.captured_queries) - 5):
        client.get("/indicators/")  # the same data: the kept cards
    for n in range(8):
        make_indicator(document, code=f"Б{n}", targets={2026: 10})
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/indicators/")  # new data: drawn again, as many queries
    assert page.content.decode().count('class="kpi-card kpi-') == 10


def test_dashboard_and_page_show_status_chart_and_values(world, member):
    _document, public, _private = world
    accepted(public, 2024, 60)
    accepted(public, 2025, 90)
    dashboard = client_for(member).get("/indicators/").content.decode()
    assert 'data-code="А1" data-status="on_track"' in dashboard
    assert "<svg" in dashboard and "http://" not in dashboard.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
    page = client_for(member).get(f"/indicators/{public.pk}/").content.decode()
    assert "в графике" in page and "1 этап" in page
    assert page.count('<tr data-status="accepted">') == 2


def test_entry_form_shows_russian_errors_next_to_fields(world):
    _document, public, _private = world
    client = client_for(recorder())
    page = client.post(f"/indicators/{public.pk}/enter/", {"period": "2040", "value": "-1"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Год должен быть в пределах периода стратегии: 2024–2032." in text
    assert "Значение не может быть отрицательным для этой единицы." in text
    assert Measurement.objects.count() == 0
    ok = client.post(f"/indicators/{public.pk}/enter/",
                     {"period": "2025", "value": "12", "evidence_url": "https://example.org/x"})  # fmt: skip
    assert ok.status_code == 302
    assert Measurement.objects.get().status == "pending"


def test_entry_page_refused_without_kpi_record(world, member):
    _document, public, _private = world
    response = client_for(member).post(
        f"/indicators/{public.pk}/enter/",
        {"period": "2025", "value": "1", "evidence_url": "https://example.org/x"},
    )
    assert response.status_code == 403
    assert Measurement.objects.count() == 0


def test_review_queue_returns_with_remarks_and_the_author_fixes(world):
    _document, public, _private = world
    author, reviewer = recorder(), controller()
    entry = measurement_enter(actor=author, indicator=public, year=2025, value=5,
                              evidence_url="https://example.org/a")  # fmt: skip
    queue = client_for(reviewer)
    assert f'id="entry-{entry.pk}"' in queue.get("/indicators/review/").content.decode()
    missing = queue.post("/indicators/review/", {"measurement": entry.pk,
                                                 f"m{entry.pk}-decision": "returned"})  # fmt: skip
    assert "Напишите замечания: что исправить." in missing.content.decode()
    queue.post("/indicators/review/", {"measurement": entry.pk, f"m{entry.pk}-decision": "returned",
                                       f"m{entry.pk}-remarks": "Приложите акт"})  # fmt: skip
    entry.refresh_from_db()
    assert (entry.status, entry.remarks) == ("returned", "Приложите акт")
    fixed = client_for(author).post(f"/indicators/values/{entry.pk}/fix/",
                                    {"value": "7", "evidence_url": "https://example.org/b"})  # fmt: skip
    assert fixed.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.value) == ("pending", 7)
    assert client_for().get("/indicators/review/").status_code == 302  # guest: to login


def test_per_association_breakdown_ranks(world, member):
    document, _public, _private = world
    per = make_indicator(document, code="З1", level="association", targets={2026: 10})
    tambov, ryazan = (
        make_association("Тамбовское землячество"),
        make_association("Рязанское землячество", codes=("62",)),
    )
    for association, value in ((tambov, 4), (ryazan, 9)):
        m = measurement_enter(actor=recorder(f"r{association.pk}"), indicator=per, year=2025,
                              value=value, association=association,
                              evidence_url="https://example.org/a")  # fmt: skip
        measurement_review(actor=controller(f"c{association.pk}"), measurement=m,
                           decision="accepted")  # fmt: skip
    page = client_for(member).get(f"/indicators/{per.pk}/").content.decode()
    table = page[page.index('id="breakdown"') :]
    assert table.index("Рязанское") < table.index("Тамбовское")
    assert "<td>1</td><td>Рязанское землячество</td>" in table


def test_xlsx_export_read_back(world, member):
    _document, public, _private = world
    accepted(public, 2024, 60)
    response = client_for(member).get("/indicators/indicators.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Показатели"].values)
    assert rows[0][:4] == ("Код", "Показатель", "Единица", "Цель стратегии")
    assert rows[1][0] == "А1" and rows[1][7] == 100
    values = list(book["Значения"].values)
    assert values[1][:4] == ("А1", 2024, None, 60)
