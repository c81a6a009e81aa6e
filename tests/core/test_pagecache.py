"""The anonymous catalogue page from the cache: one query, a token of one's own, and
never for a signed-in user or a visitor with a message waiting."""

import re

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.test import Client, RequestFactory

from tests.registry.factories import make_association
from zemlyaki.core.pagecache import PLACEHOLDER, cacheable
from zemlyaki.registry.models import Association
from zemlyaki.registry.services import association_update

TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


@pytest.fixture
def tambov(db):
    return make_association("Тамбовское землячество", ["68"], description="«Тамбов»")


@pytest.mark.django_db
def test_second_anonymous_visit_costs_one_query(tambov, django_assert_num_queries):
    make_association('Землячество "Тамбовцы"', ["68"])
    first = Client().get("/associations/")
    assert first.status_code == 200
    with django_assert_num_queries(1):  # the catalogue's version, nothing else
        second = Client().get("/associations/")
    assert second.status_code == 200
    assert "Тамбовское землячество" in second.text
    assert PLACEHOLDER not in second.text
    # The page in the cache was typeset before it was kept.
    assert "Землячество «Тамбовцы»" in second.text
    assert '"Тамбовцы"' not in second.text


@pytest.mark.django_db
def test_each_visitor_gets_a_working_token_of_their_own(tambov):
    Client().get("/associations/")  # fills the cache
    visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
    pages = [visitor.get("/associations/") for visitor in visitors]
    tokens = [TOKEN_RE.findall(page.text) for page in pages]
    assert all(found for found in tokens)
    assert tokens[0][0] != tokens[1][0]
    assert all(
        f'"X-CSRFToken": "{found[0]}"' in page.text
        for found, page in zip(tokens, pages, strict=True)
    )
    # The token works for its visitor: the language switch is accepted, not refused.
    answer = visitors[1].post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": tokens[1][0]}
    )
    assert answer.status_code == 302
    refused = Client(enforce_csrf_checks=True).post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": tokens[1][0]}
    )
    assert refused.status_code == 403


@pytest.mark.django_db
def test_a_change_shows_at_once_and_signed_in_users_get_their_own_page(tambov, coordinator):
    assert "Тамбовское землячество" in Client().get("/associations/").text
    association_update(actor=coordinator, association=tambov, name="Тамбовцы")
    assert Association.objects.get(pk=tambov.pk).name == "Тамбовцы"
    page = Client().get("/associations/").text
    assert "Тамбовцы" in page and "Тамбовское землячество" not in page
    signed_in = Client()
    signed_in.force_login(coordinator)
    text = signed_in.get("/associations/").text
    assert str(coordinator) in text and "Выйти" in text
    assert "Выйти" not in Client().get("/associations/").text


@pytest.mark.django_db
def test_only_plain_anonymous_gets_without_messages_are_cached(coordinator):
    factory = RequestFactory()

    def request(method="get", user=None, message=None, htmx=False):
        made = getattr(factory, method)("/associations/")
        made.user = user or type("Anon", (), {"is_authenticated": False})()
        made.htmx = htmx
        made.session = SessionStore()
        made._messages = FallbackStorage(made)
        if message:
            made._messages.add(20, message)
        return made

    assert cacheable(request())
    assert not cacheable(request(method="post"))
    assert not cacheable(request(user=coordinator))
    assert not cacheable(request(htmx=True))
    assert not cacheable(request(message="Землячество удалено."))
