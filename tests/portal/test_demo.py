"""The demo loads and every public page of the portal answers for a guest."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from zemlyaki.portal.models import NewsItem, Practice


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load-demo", stdout=io.StringIO())


def test_demo_pages_answer_for_a_guest(demo):
    client = Client()
    news = NewsItem.objects.public().first()
    accepted = Practice.objects.filter(is_demo=True, finding__isnull=False)
    assert accepted.count() == 12
    assert all(p.finding.report.is_demo and p.association for p in accepted)
    assert Client().get("/practices/").content.decode().count("из годового отчёта") == 12
    for url in ["/", "/map/", "/map/?by=members", "/map/?by=events", "/regions/68/",
                "/zemlyachestva/" + news.association.slug + "/" if news.association else "/news/",
                "/news/", news.get_absolute_url(), "/news/rss/", "/news/atom/", "/calendar/",
                "/search/?q=землячество", "/practices/", "/help/"]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
