"""The public pages: home figures, the tile map and its table, region and association pages,
the calendar, search — readable without JavaScript and with nothing from other hosts."""

import datetime
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.people.factories import make_person
from tests.registry.factories import make_association
from zemlyaki.core.models import Region
from zemlyaki.events.models import Event
from zemlyaki.portal import tiles
from zemlyaki.portal.models import EventPlace, Publication
from zemlyaki.portal.services import news_create, publication_save

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tambov(db):
    association = make_association(
        "Тамбовское землячество", codes=("68",), slug="tambov", email="info@tambov.example",
        phone="+7 495 111-22-33", website="https://tambov.example",
    )  # fmt: skip
    return association


def event(title, days, public=True):
    return Event.objects.create(
        kind="other", title=title, starts_at=timezone.now() + datetime.timedelta(days=days),
        is_public=public,
    )  # fmt: skip


def test_layout_places_each_of_the_89_subjects_once(db):
    assert len(tiles.POSITIONS) == 89
    assert len(set(tiles.POSITIONS.values())) == 89
    assert (tiles.ROWS, tiles.COLUMNS) == (12, 17)
    labels = {tiles.label(r.code, r.name) for r in Region.objects.all()}
    assert len(labels) == 89
    assert tiles.label("68", "Тамбовская область") == "ТАМ"


def test_map_has_89_linked_squares_and_a_table_coloured_by_the_chosen_figure(tambov):
    make_association("Сибирское землячество", codes=("54", "55"), slug="sibir")
    make_association("Второе тамбовское", codes=("68",), slug="tambov-2")
    page = Client().get("/map/").content.decode()
    squares = re.findall(
        r'<a class="l(\d)" style="grid-row:(\d+);grid-column:(\d+)" href="/regions/(\d\d)/"', page
    )
    assert len(squares) == 89
    levels = {code: int(level) for level, _r, _c, code in squares}
    assert levels["68"] == 4 and levels["54"] == 2 and levels["77"] == 0
    rows = re.findall(
        r'<tr><th scope="row"><a href="/regions/(\d\d)/">[^<]+</a></th><td>[^<]+</td><td>(\d+)</td>',
        page,
    )
    assert len(rows) == 89
    assert dict(rows)["68"] == "2" and dict(rows)["54"] == "1"
    assert 'aria-current="true">землячества' in page
    members = Client().get("/map/?by=members").content.decode()
    assert 'href="?by=members" aria-current="true"' in members
    assert Client().get("/map/?by=nonsense").status_code == 200


def test_members_are_counted_only_with_consent_and_a_current_membership(tambov):
    make_person("Петров", association=tambov)
    make_person("Сидоров", association=tambov, consent=None)
    cache.clear()
    page = Client().get("/map/?by=members").content.decode()
    rows = dict(
        re.findall(r'href="/regions/(\d\d)/">[^<]+</a></th><td>[^<]+</td><td>(\d+)</td>', page)
    )
    assert rows["68"] == "1"


def test_map_is_cached_and_invalidated_when_the_data_changes(tambov, django_assert_max_num_queries):
    Client().get("/map/")
    with django_assert_max_num_queries(8):
        Client().get("/map/")
    make_association("Рязанское", codes=("62",), slug="ryazan")
    page = Client().get("/map/").content.decode()
    assert 'style="grid-row:6;grid-column:5" href="/regions/62/"' in page
    assert '<a class="l4" style="grid-row:6;grid-column:5" href="/regions/62/"' in page


def test_region_page_lists_associations_with_published_contacts_events_and_news(
    tambov, coordinator
):
    publication_save(
        actor=coordinator, association=tambov, leader_contact="Иванов И. И., председатель"
    )
    shown = event("Дни Тамбовской области", 5)
    hidden = event("Закрытое заседание", 5, public=False)
    for e in (shown, hidden):
        place = EventPlace.objects.create(event=e, association=tambov)
        place.regions.set(tambov.regions.all())
    news_create(actor=coordinator, association=tambov, title="Новость края", status="published")
    page = Client().get("/regions/68/").content.decode()
    assert "Тамбовское землячество" in page and "Иванов И. И., председатель" in page
    assert "info@tambov.example" in page
    assert "Дни Тамбовской области" in page and "Закрытое заседание" not in page
    assert "Новость края" in page
    assert Client().get("/regions/00/").status_code == 404


def test_association_page_shows_only_what_the_association_chose(tambov, coordinator):
    make_person("Петров", association=tambov, email="petrov@example.org")
    publication_save(
        actor=coordinator, association=tambov, show_contacts=False, show_member_count=True,
        show_website=False,
    )  # fmt: skip
    page = Client().get("/zemlyachestva/tambov/").content.decode()
    assert "info@tambov.example" not in page and "+7 495 111-22-33" not in page
    assert "tambov.example" not in page
    assert "Петров" not in page and "petrov@example.org" not in page
    assert re.search(r"Членов, согласившихся на учёт</dt><dd>1</dd>", page)
    assert "Балл по стандарту" not in page


def test_only_the_leader_of_the_association_or_the_coordinator_chooses_what_is_shown(tambov):
    own = UserFactory(role="leader", username="own")
    tambov.leaders.add(own)
    other = UserFactory(role="leader", username="other")
    make_association("Рязанское", codes=("62",), slug="ryazan").leaders.add(other)
    url = "/zemlyachestva/tambov/publication/"
    response = Client()
    response.force_login(other)
    assert response.post(url, {"show_contacts": "", "leader_contact": "x"}).status_code == 403
    assert not Publication.objects.exists()
    mine = Client()
    mine.force_login(own)
    assert mine.post(url, {"leader_contact": "Председатель"}).status_code == 302
    publication = Publication.objects.get()
    assert (publication.leader_contact, publication.show_contacts) == ("Председатель", False)


def test_home_shows_figures_next_events_latest_news_and_a_search_box(tambov, coordinator):
    event("Форум земляков", 3)
    event("Закрытое", 3, public=False)
    news_create(actor=coordinator, title="Совет собрался", status="published")
    page = Client().get("/").content.decode()
    assert "Движение землячеств в цифрах" in page
    assert re.search(r"<strong>1</strong> действующих землячеств", page)
    assert "Форум земляков" in page and "Закрытое" not in page
    assert "Совет собрался" in page
    assert 'action="/search/"' in page
    found = Client().get("/search/?q=тамбовского").content.decode()
    assert 'href="/zemlyachestva/tambov/"' in found


def test_calendar_shows_the_month_and_a_list_of_public_events_with_ical_links():
    first = event("Круглый стол", 0)
    event("Закрытая встреча", 0, public=False)
    month = timezone.localtime(first.starts_at).strftime("%Y-%m")
    page = Client().get(f"/calendar/?month={month}").content.decode()
    assert page.count("Круглый стол") >= 2 and "Закрытая встреча" not in page
    assert f'href="/events/{first.pk}/event.ics"' in page
    assert 'href="/events/feed.ics"' in page
    assert Client().get("/calendar/?month=99999-1").status_code == 200


# What the browser would fetch by itself: sources, stylesheets and icons, form targets, CSS.
OUTSIDE = re.compile(
    r"""(?:\b(?:src|srcset|action|poster|data)\s*=\s*["']?\s*((?:https?:)?//[^/"'\s>]*))"""
    r"""|(?:<link\b[^>]*href\s*=\s*["']?\s*((?:https?:)?//[^/"'\s>]*))"""
    r"""|(?:url\(\s*["']?((?:https?:)?//[^/"'\s)]*))""",
    re.I,
)
SITE = "https://zemlyaki.example.org"


def other_hosts(html: str) -> set[str]:
    found = {next(g for g in groups if g) for groups in OUTSIDE.findall(html)}
    return found - {SITE}


def test_no_public_page_references_another_host(tambov, coordinator, settings):
    settings.ZEMLYAKI_SITE_URL = SITE
    publication_save(actor=coordinator, association=tambov, show_website=True)
    news = news_create(
        actor=coordinator, association=tambov, title="Ссылки", status="published",
        body='<p><img src="https://tracker.example/p.gif"><img src="//cdn.example/x.png">'
        '<img src="/media/portal/news/ok.png" alt="своя"></p>',
    )  # fmt: skip
    event("Форум", 2)
    pages = ["/", "/map/", "/map/?by=events", "/regions/68/", "/zemlyachestva/tambov/",
             "/news/", news.get_absolute_url(), "/calendar/", "/practices/", "/help/",
             "/search/?q=форум"]  # fmt: skip
    for url in pages:
        html = Client().get(url).content.decode()
        assert other_hosts(html) == set(), url
    news.refresh_from_db()
    assert news.body == '<p><img><img><img src="/media/portal/news/ok.png" alt="своя"></p>'


def test_sitemap_lists_every_public_page_and_only_those(tambov, coordinator, settings):
    from zemlyaki.strategy.models import Document, DocumentVersion

    settings.ZEMLYAKI_SITE_URL = "https://zemlyaki.example.org"
    site = "https://zemlyaki.example.org"
    live = news_create(actor=coordinator, title="Открыта", status="published")
    news_create(actor=coordinator, title="Черновик")
    news_create(
        actor=coordinator, title="Позже", status="published",
        published_at=timezone.now() + datetime.timedelta(days=2),
    )  # fmt: skip
    shown, hidden = event("Открытое", 3), event("Закрытое", 3, public=False)
    approved = Document.objects.create(title="Стратегия", slug="strategiya", status="approved")
    DocumentVersion.objects.create(
        document=approved, number=1, title="Стратегия", decision_type="t", decision_id="1",
        decision_repr="решение",
    )  # fmt: skip
    Document.objects.create(title="Проект", slug="proekt")
    body = Client().get("/sitemap.xml")
    assert body["Content-Type"].startswith("application/xml")
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ET.fromstring(body.content).findall("s:url/s:loc", ns)]
    assert len(locs) == len(set(locs))
    expected_objects = {
        f"{site}/zemlyachestva/tambov/", f"{site}{live.get_absolute_url()}",
        f"{site}/events/{shown.pk}/", f"{site}/documents/strategiya/",
    }  # fmt: skip
    assert expected_objects <= set(locs)
    dynamic = {
        loc
        for loc in locs
        if any(p in loc for p in ("/zemlyachestva/", "/news/", "/events/", "/documents/"))
    }
    assert dynamic == expected_objects | {f"{site}/news/"}
    assert f"{site}/events/{hidden.pk}/" not in locs
    robots = Client().get("/robots.txt").content.decode()
    assert f"Sitemap: {site}/sitemap.xml" in robots


def test_public_pages_carry_canonical_links_opengraph_and_schema_org_data(
    tambov, coordinator, settings
):
    import json

    settings.ZEMLYAKI_SITE_URL = SITE
    news = news_create(actor=coordinator, association=tambov, title="Дни <области>",
                       lead="Концерт.", status="published")  # fmt: skip
    page = Client().get(news.get_absolute_url()).content.decode()
    assert f'<link rel="canonical" href="{SITE}{news.get_absolute_url()}">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:title" content="Дни &lt;области&gt;">' in page
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1)
    )
    assert (data["@type"], data["headline"], data["author"]["name"]) == (
        "NewsArticle", "Дни <области>", "Тамбовское землячество",
    )  # fmt: skip
    org = Client().get("/zemlyachestva/tambov/").content.decode()
    blocks = re.search(r'<script type="application/ld\+json">(.*?)</script>', org).group(1)
    assert json.loads(blocks)[0]["@type"] == "Organization"
    assert "<script>" not in blocks and "\\u003C" not in org.split("ld+json")[0]


def test_documents_page_lists_approved_documents_with_sections_and_files():
    from zemlyaki.strategy.models import Document, DocumentVersion

    approved = Document.objects.create(
        title="Стандарт", slug="standart", status="approved", kind="standard"
    )
    DocumentVersion.objects.create(
        document=approved, number=2, title="Стандарт работы землячества", decision_type="t",
        decision_id="1", decision_repr="решение",
        content={"sections": [{"number": "1", "title": "Общие положения", "text": ""}]},
    )  # fmt: skip
    Document.objects.create(title="Проект концепции", slug="koncepciya", kind="site_concept")
    page = Client().get("/dokumenty/").content.decode()
    assert "Стандарт работы землячества" in page and "Общие положения" in page
    assert 'href="/documents/standart/document.docx"' in page
    assert 'href="/documents/standart/document.pdf"' in page
    assert "Проект концепции" not in page


def test_each_public_page_weighs_at_most_100_kb_gzipped_with_its_css_and_js(tambov, coordinator):
    import gzip

    from django.contrib.staticfiles import finders

    news = news_create(actor=coordinator, association=tambov, title="Новость", status="published")
    for n in range(30):
        make_association(f"Землячество {n}", codes=("68",), slug=f"z-{n}")
    for url in ["/", "/map/", "/map/?by=members", "/regions/68/", "/zemlyachestva/tambov/",
                "/news/", news.get_absolute_url(), "/calendar/", "/practices/", "/help/",
                "/dokumenty/"]:  # fmt: skip
        html = Client().get(url).content.decode()
        assets = re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
        total = len(gzip.compress(html.encode()))
        for asset in assets:
            total += len(gzip.compress(Path(finders.find(asset)).read_bytes()))
        assert total <= 100 * 1024, (url, total)
        assert "portal/portal.css" in assets or url == "/", url


def test_open_data_sets_read_back_as_csv_and_json_with_the_licence(tambov, coordinator):
    import csv
    import io
    import json

    make_association("Рязанское землячество", codes=("62",), slug="ryazan", email="r@example.org")
    publication_save(actor=coordinator, association=tambov, show_contacts=False)
    shown = event("Открытый форум", 4)
    event("Закрытое", 4, public=False)
    page = Client().get("/otkrytye-dannye/").content.decode()
    assert "CC BY 4.0" in page and 'href="/otkrytye-dannye/associations.csv"' in page
    response = Client().get("/otkrytye-dannye/associations.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_slug = {row["slug"]: row for row in rows}
    assert sorted(by_slug) == ["ryazan", "tambov"]
    assert by_slug["tambov"]["email"] == "" and by_slug["ryazan"]["email"] == "r@example.org"
    assert by_slug["tambov"]["regions"] == "68"
    data = json.loads(Client().get("/otkrytye-dannye/events.json").content)
    assert data["licence"] == "CC BY 4.0"
    assert [item["id"] for item in data["items"]] == [shown.pk]
    assert Client().get("/otkrytye-dannye/people.csv").status_code == 404
    assert Client().get("/otkrytye-dannye/events.xml").status_code == 404


def test_coordinator_places_a_public_event_on_the_map_and_a_member_cannot(
    tambov, coordinator, member
):
    forum = event("Форум", 2)
    url = f"/calendar/{forum.pk}/place/"
    refused = Client()
    refused.force_login(member)
    assert refused.post(url, {"association": tambov.pk}).status_code == 403
    assert not EventPlace.objects.exists()
    staff = Client()
    staff.force_login(coordinator)
    assert f'href="{url}"' in staff.get("/calendar/").content.decode()
    assert staff.post(url, {"association": tambov.pk}).status_code == 302
    place = EventPlace.objects.get()
    assert (place.association, [r.code for r in place.regions.all()]) == (tambov, ["68"])
    page = Client().get("/map/?by=events").content.decode()
    assert '<a class="l4" style="grid-row:7;grid-column:5" href="/regions/68/"' in page
    # Moving it to other regions changes the cached map at once.
    assert (
        staff.post(
            url, {"association": tambov.pk, "regions": [Region.objects.get(code="62").pk]}
        ).status_code
        == 302
    )
    page = Client().get("/map/?by=events").content.decode()
    assert '<a class="l4" style="grid-row:6;grid-column:5" href="/regions/62/"' in page
    assert '<a class="l0" style="grid-row:7;grid-column:5" href="/regions/68/"' in page


def test_the_standard_score_is_shown_only_when_the_association_agreed(coordinator):
    from tests.standard.factories import association, make_version, open_year, submitted

    make_version()
    open_year()
    from zemlyaki.standard.answers import answer_review

    tambov = association("Тамбовское землячество")
    assessment = submitted(tambov, {"1.1": "yes", "1.2": 3, "3.1": 4})
    for answer in assessment.answers.all():
        answer_review(actor=None, answer=answer, decision="accepted", revision=answer.revision)
    url = f"/zemlyachestva/{tambov.slug}/"
    assert "Балл по стандарту работы" not in Client().get(url).content.decode()
    publication_save(actor=coordinator, association=tambov, show_standard_score=True)
    page = Client().get(url).content.decode()
    year = timezone.localdate().year
    found = re.search(r"Балл по стандарту работы</dt><dd>([^<]*)</dd>", page)
    assert found is not None and found.group(1) == f"100,0% ({year})", found
