"""Every link of the demo site leads somewhere, for every role.

The demo data (``zemlyaki load-demo``) goes into the test database once; then, as each
role, the crawler (``tests/core/crawler.py``) starts from the home page (which lists every
menu item the role has) and follows every link of the site it finds, within its bounds.
No link may name the loopback address, and no link shown may answer 403, 404 or 500, or
send a signed-in user to the login form. Discovery is by following links, so pages added
later are checked without touching this test.
"""

import collections
import io
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import Client, RequestFactory

from tests.core.crawler import Crawl
from zemlyaki.accounts.models import Role
from zemlyaki.accounts.services import user_create
from zemlyaki.core.context_processors import platform
from zemlyaki.events.models import Event
from zemlyaki.governance.models import BodyKind, BodyMember
from zemlyaki.people.services import person_link_user
from zemlyaki.surveys.models import Survey

SITE = "https://zemlyaki.example.org"
PAGES_PER_ROLE = 400
# The demo logins (accounts/demo.py) and one made here: a member of the editorial group
# with no other role, who acts only through the group's powers.
DEMO_LOGINS = ["member", "leader", "coordinator", "admin"]


def menu_of(user) -> list[str]:
    """Every menu item the user is shown (header, home page, user menu)."""
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    menu = platform(request)
    return [item["url"] for group in ("NAV_ITEMS", "NAV_MORE", "NAV_USER") for item in menu[group]]


@pytest.fixture
def demo_site(db, settings, django_capture_on_commit_callbacks):
    settings.ZEMLYAKI_SITE_URL = SITE
    began = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load-demo", stdout=io.StringIO())
    membership = (
        BodyMember.objects.filter(body__kind=BodyKind.EDITORIAL_GROUP, person__user__isnull=True)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    assert membership is not None, "the demo has an editorial group with members"
    body_member = user_create(username="editor", role=Role.MEMBER, password="demo-editor")
    person_link_user(actor=None, person=membership.person, user=body_member)
    print(f"demo loaded in {time.monotonic() - began:.1f} s")
    return ["anonymous", *DEMO_LOGINS, "editor"]


@pytest.mark.crawl
def test_every_link_of_the_demo_site_leads_somewhere_for_every_role(demo_site):
    # The events' questionnaire link leads to the questionnaire itself, relatively.
    survey = Survey.objects.get(is_demo=True)
    links = set(Event.objects.filter(is_demo=True).values_list("questionnaire_url", flat=True))
    assert links == {f"/s/{survey.slug}/"}
    started = time.monotonic()
    timings: collections.Counter[str] = collections.Counter()
    report: list[str] = []
    fetched: dict[str, int] = {}
    for role in demo_site:
        client = Client()
        user = get_user_model().objects.get(username=role) if role != "anonymous" else None
        if user is not None:
            client.force_login(user)
        crawl = Crawl(client, SITE, limit=PAGES_PER_ROLE).run(
            ["/", *menu_of(user)], signed_in=user is not None
        )
        fetched[role] = len(crawl.fetched)
        timings.update(crawl.timings)
        report.extend(f"{role}: {problem}" for problem in crawl.problems)
    elapsed = time.monotonic() - started
    print(f"crawled {fetched} in {elapsed:.1f} s")
    print("slowest:", [(r, round(t, 2)) for r, t in timings.most_common(15)])
    print("\n".join(report))
    assert report == []
    # The crawl really went through the site, not just the home page.
    assert min(fetched.values()) >= 20


@pytest.mark.django_db
def test_the_crawler_reports_a_dead_file_and_a_loopback_link(client):
    """The crawler itself: a material whose file is gone and a questionnaire link naming
    localhost are both found from the events list, each with the page that showed it."""
    from django.core.files.base import ContentFile

    from tests.events.factories import make_event
    from zemlyaki.events.services import material_add

    event = make_event(questionnaire_url="http://localhost:8000/surveys/")
    material = material_add(
        actor=None,
        event=event,
        title="План",
        phase="before",
        file=ContentFile(b"plan", name="plan.txt"),
    )
    material.file.storage.delete(material.file.name)
    crawl = Crawl(client, SITE).run(["/events/"], signed_in=False)
    preparation = f"/events/{event.pk}/preparation/"
    assert preparation in crawl.fetched
    assert sorted(str(p) for p in crawl.problems) == [
        f"/media/{material.file.name} ← {preparation}: answers 404",
        f"http://localhost:8000/surveys/ ← {preparation}: <a href> names the loopback",
    ]
