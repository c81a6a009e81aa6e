"""News: who writes for whom, scheduled publication, sanitising, images, feeds."""

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from tests.accounts.factories import UserFactory
from tests.registry.factories import make_association
from tests.support.visibility import assert_agrees
from zemlyaki.core.errors import Forbidden, Invalid
from zemlyaki.core.models import AuditEntry
from zemlyaki.portal.models import NewsItem, NewsStatus
from zemlyaki.portal.services import news_create, sanitise_html

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture
def a(tambov):
    return tambov  # the association of the portal's conftest


@pytest.fixture
def b(db):
    return make_association("Рязанское землячество", codes=("62",), slug="ryazan")


@pytest.fixture
def leader_a(tambov_leader):
    return tambov_leader


@pytest.fixture
def leader_b(b):
    user = UserFactory(role="leader", username="lead-b")
    b.leaders.add(user)
    return user


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_leader_of_a_cannot_publish_for_b_on_the_page(a, b, leader_a):
    response = client_for(leader_a).post(
        "/news/new/",
        {"association": b.pk, "title": "Чужая новость", "status": "published", "body": "x"},
    )
    assert response.status_code == 403
    assert NewsItem.objects.count() == 0
    assert not AuditEntry.objects.filter(object_type="portal.newsitem").exists()


def test_leader_of_a_cannot_publish_for_b_nor_for_the_council_in_the_service(a, b, leader_a):
    with pytest.raises(Forbidden):
        news_create(actor=leader_a, association=b, title="Чужая", status="published")
    with pytest.raises(Forbidden):
        news_create(actor=leader_a, association=None, title="От совета", status="published")
    assert NewsItem.objects.count() == 0


def test_leader_publishes_for_own_association_and_coordinator_for_the_council(
    a, leader_a, coordinator
):
    response = client_for(leader_a).post(
        "/news/new/",
        {"association": a.pk, "title": "Дни области", "status": "published", "body": "<p>Ок</p>"},
    )
    news = NewsItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == news.get_absolute_url()
    assert (news.association, news.status, news.created_by) == (a, "published", leader_a)
    assert news.slug.endswith("-dni-oblasti")
    council = news_create(actor=coordinator, title="Совет", status="published")
    assert council.association is None
    assert AuditEntry.objects.filter(object_type="portal.newsitem").count() == 2


def test_member_and_guest_cannot_open_the_writing_page(member):
    assert client_for(member).get("/news/new/").status_code == 403
    response = client_for().get("/news/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_leader_of_b_cannot_edit_news_of_a(a, leader_a, leader_b):
    news = news_create(actor=leader_a, association=a, title="Наша", status="published")
    response = client_for(leader_b).post(
        f"/news/{news.slug}/edit/", {"title": "Захват", "status": "published"}
    )
    assert response.status_code == 403
    news.refresh_from_db()
    assert news.title == "Наша"


def test_scheduled_news_is_hidden_until_its_time(a, leader_a, leader_b, coordinator):
    later = news_create(
        actor=leader_a,
        association=a,
        title="Завтра",
        status="published",
        published_at=NOW + datetime.timedelta(days=1),
    )
    draft = news_create(actor=leader_a, association=a, title="Черновик")
    live = news_create(actor=coordinator, title="Сегодня", status="published")
    guest = client_for()
    assert guest.get(later.get_absolute_url()).status_code == 404
    assert guest.get(draft.get_absolute_url()).status_code == 404
    listing = guest.get("/news/").content.decode()
    assert "Сегодня" in listing and "Завтра" not in listing and "Черновик" not in listing
    feed = guest.get("/news/rss/").content.decode()
    assert "Завтра" not in feed
    # The author sees the scheduled item and the draft; another leader does not.
    assert client_for(leader_a).get(later.get_absolute_url()).status_code == 200
    assert client_for(leader_b).get(draft.get_absolute_url()).status_code == 404
    seen = assert_agrees(NewsItem, [None, leader_a, leader_b, coordinator])
    assert seen[None] == {live.pk}
    assert seen[leader_a] == {live.pk, later.pk, draft.pk}
    assert seen[leader_b] == {live.pk}
    assert seen[coordinator] == {live.pk, later.pk, draft.pk}
    # When the time comes, the item is public without anyone touching it.
    NewsItem.objects.filter(pk=later.pk).update(published_at=NOW - datetime.timedelta(minutes=1))
    assert guest.get(later.get_absolute_url()).status_code == 200


def test_scripts_and_event_handlers_are_removed_and_the_page_stays_intact(coordinator):
    body = (
        '<p onclick="steal()">Текст <a href="javascript:alert(1)">ссылка</a></p>'
        "<script>alert('x')</script><img src=x onerror=alert(1)><style>p{}</style>"
    )
    news = news_create(actor=coordinator, title="Безопасно", body=body, status="published")
    assert news.body == '<p>Текст <a rel="noopener nofollow">ссылка</a></p><img>'
    page = client_for().get(news.get_absolute_url()).content.decode()
    assert "alert" not in page and "onclick" not in page and "onerror" not in page
    assert page.count("<article>") == 1 and "</html>" in page
    assert sanitise_html("<table><tr><td>1</td></tr></table>") == (
        "<table><tbody><tr><td>1</td></tr></tbody></table>"
    )


def _png(size=(10, 10)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, "PNG")
    return out.getvalue()


def test_an_image_that_is_not_an_image_or_too_large_is_refused_clearly(
    coordinator, settings, tmp_path
):
    fake = SimpleUploadedFile("photo.png", b"<?php echo 1; ?>", content_type="image/png")
    with pytest.raises(Invalid) as error:
        news_create(actor=coordinator, title="Фото", image=fake)
    assert error.value.field_errors == {"image": ["Файл не является изображением."]}
    big = SimpleUploadedFile("big.png", _png() + b"0" * (5 * 1024 * 1024), content_type="image/png")
    with pytest.raises(Invalid) as error:
        news_create(actor=coordinator, title="Фото", image=big)
    assert error.value.field_errors == {"image": ["Иллюстрация больше 5 МБ — уменьшите её."]}
    assert NewsItem.objects.count() == 0
    settings.MEDIA_ROOT = str(tmp_path)  # a real image is kept
    good = SimpleUploadedFile("Фото дня.png", _png((3200, 1000)), content_type="image/png")
    news = news_create(actor=coordinator, title="Фото", image=good, status="published")
    assert news.image.name.startswith("portal/news/foto-dnya") and news.image.name.endswith(".webp")
    assert (news.image_width, news.image_height) == (1600, 500)
    with Image.open(news.image.path) as stored:
        assert (stored.format, stored.size) == ("WEBP", (1600, 500))
    page = Client().get(news.get_absolute_url()).content.decode()
    assert f'src="/media/{news.image.name}"' in page and 'width="1600" height="500"' in page
    assert Client().get(f"/media/{news.image.name}").status_code == 200


def test_the_page_form_shows_the_image_error_next_to_the_field(coordinator):
    fake = SimpleUploadedFile("photo.jpg", b"not an image", content_type="image/jpeg")
    response = client_for(coordinator).post(
        "/news/new/", {"title": "Фото", "status": "draft", "image": fake}
    )
    assert response.status_code == 200
    assert "Файл не является изображением." in response.content.decode()
    assert NewsItem.objects.count() == 0


RSS_NS = {"atom": "http://www.w3.org/2005/Atom"}


def test_feeds_for_all_and_per_association_read_back(a, b, leader_a, coordinator, settings):
    settings.ZEMLYAKI_SITE_URL = "https://zemlyaki.example.org"
    mine = news_create(actor=leader_a, association=a, title="Новость А", status="published")
    news_create(actor=coordinator, association=b, title="Новость Б", status="published")
    news_create(actor=coordinator, title="Черновик совета", status=NewsStatus.DRAFT)
    guest = client_for()
    rss = ET.fromstring(guest.get("/news/rss/").content)
    titles = [item.findtext("title") for item in rss.iter("item")]
    assert sorted(titles) == ["Новость А", "Новость Б"]
    links = {item.findtext("link") for item in rss.iter("item")}
    assert f"https://zemlyaki.example.org{mine.get_absolute_url()}" in links
    atom = ET.fromstring(guest.get(f"/zemlyachestva/{a.slug}/news/atom/").content)
    entries = atom.findall("atom:entry", RSS_NS)
    assert [e.findtext("atom:title", namespaces=RSS_NS) for e in entries] == ["Новость А"]
    self_link = atom.find("atom:link[@rel='self']", RSS_NS)
    assert self_link is not None
    assert (
        self_link.get("href") == f"https://zemlyaki.example.org/zemlyachestva/{a.slug}/news/atom/"
    )
    assert guest.get("/zemlyachestva/missing/news/rss/").status_code == 404
