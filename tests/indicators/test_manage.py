import pytest
from django.test import Client

from zemlyaki.indicators.models import Goal, Indicator, Target

from .factories import make_document, make_indicator

pytestmark = pytest.mark.django_db


def logged(user):
    client = Client()
    client.force_login(user)
    return client


def test_coordinator_keeps_the_goals(coordinator, member):
    document = make_document()
    url = f"/indicators/goals/{document.pk}/"
    assert (
        logged(member).post(url, {"goals": "Цель"}).status_code == 404
    )  # a draft hidden from a member
    assert Goal.objects.count() == 0
    client = logged(coordinator)
    assert client.post(url, {"goals": "Сплочение\n\nМолодёжь\n"}).status_code == 302
    assert [str(g) for g in Goal.objects.all()] == ["1. Сплочение", "2. Молодёжь"]
    goal = Goal.objects.get(number=2)
    make_indicator(document, code="М1", goal=goal)
    page = client.post(url, {"goals": "Сплочение"})
    assert "названа у показателей" in page.content.decode()
    assert Goal.objects.count() == 2
    client.post(url, {"goals": "Молодёжь и сплочение\nМолодёжь"})
    assert [str(g) for g in Goal.objects.all()] == ["1. Молодёжь и сплочение", "2. Молодёжь"]


def test_coordinator_creates_an_indicator_and_bad_targets_save_nothing(coordinator):
    document = make_document()
    client = logged(coordinator)
    data = {"code": "Н1", "name": "Новые члены", "unit": "чел.", "level": "community",
            "source": "computed", "measure": "people.members", "higher_is_better": "on",
            "targets": "2026: 120\n2040: 300"}  # fmt: skip
    page = client.post(f"/indicators/new/{document.pk}/", data)
    assert page.status_code == 200
    assert "Год должен быть в пределах периода стратегии: 2024–2032." in page.content.decode()
    assert Indicator.objects.count() == 0 and Target.objects.count() == 0
    data["targets"] = "2026: 120\n2029: 300"
    assert client.post(f"/indicators/new/{document.pk}/", data).status_code == 302
    indicator = Indicator.objects.get(code="Н1")
    assert (indicator.source, indicator.measure) == ("computed", "people.members")
    assert list(indicator.targets.values_list("year", "value")) == [(2026, 120), (2029, 300)]
    data.update(source="entered", targets="2032: 500")
    edit = client.post(f"/indicators/{indicator.pk}/edit/{document.pk}/", data)
    assert edit.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.source, indicator.measure) == ("entered", "")
    assert list(indicator.targets.values_list("year", "value")) == [(2032, 500)]
