"""Error pages in the site's layout and in Russian; a refusal is logged as one line."""

import logging

import pytest
from django.test import Client, RequestFactory

from zemlyaki.core import error_views
from zemlyaki.plan.models import Plan

pytestmark = pytest.mark.django_db


def test_missing_page_is_a_russian_page_in_the_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.text
    assert "<h1>Страница не найдена</h1>" in html
    assert 'class="site-header"' in html
    assert '<html lang="ru">' in html
    assert "Not Found" not in html


def test_missing_page_in_english_when_english_is_chosen(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="en">' in response.text
    assert 'class="site-header"' in response.text


def test_refused_page_is_a_russian_page_in_the_layout(client, member):
    client.force_login(member)
    response = client.get("/plans/new/")
    assert response.status_code == 403
    assert "<h1>Доступ запрещён</h1>" in response.text
    assert 'class="site-header"' in response.text
    assert f'<span class="user-name">{member} ' in response.text  # the layout's user menu


def test_bad_request_page(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    response = Client().get("/", HTTP_HOST="evil.example.org")
    assert response.status_code == 400
    assert "<h1>Неверный запрос</h1>" in response.text
    assert 'class="site-header"' in response.text


def test_server_error_page_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/plans/")
    with django_assert_num_queries(0):
        response = error_views.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Ошибка на сервере</h1>" in html
    assert 'class="site-header"' in html
    assert "Земляки" in html


def test_server_error_through_the_handler(client, monkeypatch):
    from zemlyaki.core import views

    def broken(user):
        raise RuntimeError("the home page fails")

    monkeypatch.setattr(views, "home_items_for", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "<h1>Ошибка на сервере</h1>" in response.text


def test_refusal_is_logged_as_one_line(client, member, caplog):
    client.force_login(member)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/plans/new/?from=menu")
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    assert records[0].getMessage() == (
        "Forbidden: user=memb address=127.0.0.1 GET /plans/new/?from=menu"
    )
    assert records[0].exc_info is None
    assert "Traceback" not in caplog.text
    assert not Plan.objects.exists()


def test_api_refusal_is_logged_with_the_user(api, member, token_for, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = api.post("/plans", {"title": "План"}, token=token_for(member))
    assert response.status_code == 403
    messages = [r.getMessage() for r in caplog.records if r.name == "django.request"]
    assert messages == ["Forbidden: user=memb address=127.0.0.1 POST /api/v1/plans"]
    assert not Plan.objects.exists()


def test_csrf_failure_is_a_russian_page_in_the_layout(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post("/accounts/logout/")
    assert response.status_code == 403
    assert "<h1>Доступ запрещён</h1>" in response.text
    assert "Форма устарела или cookie отключены." in response.text
    assert 'class="site-header"' in response.text
    assert client.get("/").context["user"] == member
