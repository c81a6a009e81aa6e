"""Every page of the crawl, as every role, on a phone (360×740) and on a laptop (1280×800).

The demo data is loaded once; the crawler (``tests/core/crawler.py``) finds each role's
pages through the test client, then one Chromium context per role (signed in by its
session cookie) opens each page at 360 px, checks it, widens the same page to 1280 px
and checks it again:

* nothing overflows sideways (``scrollWidth ≤ innerWidth``);
* no chart label is clipped (every SVG text's box lies inside the SVG's viewBox);
* on the phone the menu is folded behind its button and the header is one line.
"""

import io
import time

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from tests.core.crawler import Crawl
from tests.core.test_crawl import menu_of
from zemlyaki.accounts.models import Role
from zemlyaki.accounts.services import user_create
from zemlyaki.governance.models import BodyKind, BodyMember
from zemlyaki.people.services import person_link_user

PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}
ROLES = ["anonymous", "member", "leader", "coordinator", "admin", "editor"]
# One line of the header: the brand and the menu button (44 px) with the padding.
HEADER_MAX = 72

CHECK = """(phone) => {
  const out = {overflow: document.documentElement.scrollWidth - window.innerWidth, clipped: []};
  for (const svg of document.querySelectorAll("svg")) {
    const box = svg.viewBox && svg.viewBox.baseVal;
    if (!box || !box.width || !svg.getClientRects().length) continue;
    for (const text of svg.querySelectorAll("text")) {
      if (!text.textContent.trim()) continue;
      const b = text.getBBox();
      if (b.x < box.x - 1 || b.y < box.y - 1 || b.x + b.width > box.x + box.width + 1
          || b.y + b.height > box.y + box.height + 1) {
        out.clipped.push(text.textContent.trim().slice(0, 50));
      }
    }
  }
  const header = document.querySelector(".site-header");
  const menu = document.getElementById("site-menu");
  if (phone && header && menu) {
    out.header = Math.round(header.getBoundingClientRect().height);
    out.menuShown = getComputedStyle(menu).display !== "none";
    const button = document.querySelector(".menu-button:not([hidden])");
    out.button = !!button && button.getBoundingClientRect().height >= 44;
  }
  return out;
}"""


def problems_of(result: dict, *, phone: bool) -> list[str]:
    found = []
    if result["overflow"] > 0:
        found.append(f"overflows by {result['overflow']} px")
    if result["clipped"]:
        found.append(f"clipped chart labels {result['clipped'][:3]}")
    if phone and "header" in result:
        if result["menuShown"]:
            found.append("the menu is not folded")
        if not result["button"]:
            found.append("no menu button of 44 px")
        if result["header"] > HEADER_MAX:
            found.append(f"the header is {result['header']} px high")
    return found


@pytest.fixture
def demo_pages(site, settings, django_capture_on_commit_callbacks):
    settings.ZEMLYAKI_SITE_URL = site.url
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load-demo", stdout=io.StringIO())
    membership = (
        BodyMember.objects.filter(body__kind=BodyKind.EDITORIAL_GROUP, person__user__isnull=True)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    editor = user_create(username="editor", role=Role.MEMBER, password="demo-editor")
    person_link_user(actor=None, person=membership.person, user=editor)
    pages: dict[str, tuple[str, list[str]]] = {}
    for role in ROLES:
        client = Client()
        user = get_user_model().objects.get(username=role) if role != "anonymous" else None
        if user is not None:
            client.force_login(user)
        crawl = Crawl(client, site.url).run(["/", *menu_of(user)], signed_in=user is not None)
        cookie = client.cookies.get(django_settings.SESSION_COOKIE_NAME)
        pages[role] = (cookie.value if cookie else "", crawl.pages)
    return pages


def test_every_page_fits_a_phone_and_a_laptop_for_every_role(browser, site, demo_pages):
    started = time.monotonic()
    report: list[str] = []
    visited = 0
    for role, (session, urls) in demo_pages.items():
        context = browser.new_context(locale="ru-RU", base_url=site.url, viewport=PHONE)
        context.set_default_timeout(15_000)
        if session:
            context.add_cookies(
                [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": site.url}]
            )
        page = context.new_page()
        for url in urls:
            page.set_viewport_size(PHONE)
            page.goto(url, wait_until="domcontentloaded")
            for problem in problems_of(page.evaluate(CHECK, True), phone=True):
                report.append(f"{role} 360 {url}: {problem}")
            page.set_viewport_size(LAPTOP)
            for problem in problems_of(page.evaluate(CHECK, False), phone=False):
                report.append(f"{role} 1280 {url}: {problem}")
            visited += 1
        context.close()
    print(f"{visited} pages at two widths in {time.monotonic() - started:.1f} s")
    assert report == [], "\n".join(report)
    assert all(len(urls) >= 20 for _session, urls in demo_pages.values())
