"""The catalogue's block on the home page: its figures, and what the page costs an
anonymous visitor (it is the public site's first page)."""

import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from zemlyaki.core.context_processors import platform
from zemlyaki.registry.models import Association

from .factories import make_association, make_stakeholder


def summary_line(response) -> str:
    found = re.search(r'<p class="meta">([^<]*землячеств[^<]*)</p>', response.text)
    assert found, response.text
    return " ".join(found.group(1).split())


@pytest.mark.django_db
def test_figures_count_the_regions_with_an_association_once(client):
    make_association("Тамбовское землячество", ["68"])
    make_association("Второе тамбовское", ["68", "62"])  # Тамбов counted once
    make_association("Воронежское землячество", ["36"])
    make_stakeholder("Фонд «Родные края»")
    make_stakeholder("Банк «Земляк»", kind="business")

    response = client.get("/")

    assert response.status_code == 200
    assert summary_line(response) == "3 землячества · 3 субъекта РФ · 2 субъекта стратегии"
    assert "Показаны демонстрационные данные" not in response.text


@pytest.mark.django_db
def test_demo_data_is_named_as_such(client):
    make_association("Тамбовское землячество", ["68"])
    Association.objects.update(is_demo=True)

    response = client.get("/")

    assert summary_line(response) == "1 землячество · 1 субъект РФ · 0 субъектов стратегии"
    assert "Показаны демонстрационные данные" in response.text


@pytest.mark.django_db
def test_an_anonymous_home_page_asks_the_database_twice(client):
    """The catalogue's figures in one statement and the version of the public site's
    cached block in another: the page is served to every visitor."""
    make_association("Тамбовское землячество", ["68"])
    client.get("/")  # the public block is cached

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")

    assert response.status_code == 200
    assert len(queries) == 2, [q["sql"] for q in queries.captured_queries]


@pytest.mark.django_db
def test_the_menu_is_worked_out_again_for_another_user(coordinator):
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    guest = platform(request)
    assert platform(request) is guest  # a second block of the same page
    request.user = coordinator  # signed in during the request
    staff = platform(request)

    guest_titles = [item["title"] for item in guest["NAV_ITEMS"]]
    staff_titles = [item["title"] for item in staff["NAV_ITEMS"]]
    assert "Годовые отчёты" not in guest_titles
    assert "Годовые отчёты" in staff_titles
