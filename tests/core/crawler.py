"""A small same-site crawler over Django's test client, for the link checks.

It starts from the given pages, reads every ``href``/``src``/``action``/``hx-get`` of each
HTML page, follows the site's own addresses breadth-first and reports:

* a followed link answering 403, 404 or 5xx (with the page that showed it);
* a link anywhere naming ``localhost`` or ``127.0.0.1``;
* a page that sends a signed-in user to the login form (a link shown to someone who may
  not follow it).

Bounds keep it quick whatever the data: ``limit`` pages per crawl, and at most
``per_route`` addresses of one URL pattern (``events:event_detail`` for every event, or
a list with every filter and page), so the breadth of the site is covered, not the depth
of each list. What is not followed, and why, is in :data:`SKIP_PREFIXES` and
:func:`skip_reason`.
"""

import collections
import dataclasses
import re
import time
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlencode, urljoin, urlsplit

from django.http import HttpResponseBase
from django.test import Client
from django.urls import Resolver404, resolve

# Not followed: leaving the session or language (they change state, and are POST-only),
# Django's own admin (not the platform's pages), the API (JSON, has its own tests), and
# static files (served by WhiteNoise, not the application).
SKIP_PREFIXES = (
    "/accounts/logout/",
    "/i18n/",
    "/admin/",
    "/api/",
    "/static/",
)
# Downloads (PDF, DOCX, spreadsheets, calendars...) are fetched once per URL pattern:
# they are checked to answer, not read as pages. Known by their suffix before the fetch,
# or by a response that is not HTML after it.
DOWNLOAD_SUFFIXES = (".pdf", ".docx", ".xlsx", ".csv", ".zip", ".odt", ".ics")
LOOPBACK = re.compile(r"(?i)\b(localhost|127\.0\.0\.1|\[::1\])\b")
LINK_ATTRS = {"href", "src", "action", "hx-get", "data-href"}


@dataclasses.dataclass(frozen=True)
class Problem:
    url: str
    found_on: str
    what: str

    def __str__(self) -> str:
        return f"{self.url} ← {self.found_on}: {self.what}"


class _Links(HTMLParser):
    """Links of a page, and each GET form as its submit button would send it unchanged
    (checked boxes, selected options and filled fields with their values)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self._form: tuple[str, list[tuple[str, str]]] | None = None
        self._select: tuple[str, list[str], list[str]] | None = None  # name, selected, all

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        for name, value in attrs:
            if name in LINK_ATTRS and value and name != "action":
                self.links.append((tag, name, value.strip()))
        if tag == "option":
            self._option(attr)
        if tag == "form":
            if LOOPBACK.search(attr.get("action", "")):
                self.links.append((tag, "action", attr["action"]))
            if attr.get("method", "get").lower() == "get" and "action" in attr:
                self._form = (attr["action"].strip(), [])
        elif self._form is not None and "name" in attr and "disabled" not in attr:
            self._field(tag, attr)

    def _field(self, tag: str, attr: dict[str, str]) -> None:
        assert self._form is not None
        fields = self._form[1]
        kind = attr.get("type", "text").lower()
        if tag == "input" and kind in ("radio", "checkbox"):
            if "checked" in attr:
                fields.append((attr["name"], attr.get("value", "on")))
        elif tag == "input" and kind not in ("submit", "button", "image", "file", "reset"):
            fields.append((attr["name"], attr.get("value", "")))
        elif tag == "select":
            self._select = (attr["name"], [], [])
        elif tag == "textarea":
            fields.append((attr["name"], ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def _option(self, attrs: dict[str, str]) -> None:
        if self._select is not None:
            value = attrs.get("value", "")
            self._select[2].append(value)
            if "selected" in attrs:
                self._select[1].append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None and self._form is not None:
            name, selected, options = self._select
            chosen = selected or options[:1]
            self._form[1].extend((name, value) for value in chosen)
            self._select = None
        elif tag == "form" and self._form is not None:
            action, fields = self._form
            query = urlencode(fields)
            self.links.append(("form", "action", f"{action}?{query}" if query else action))
            self._form = None


def links_of(html: str) -> list[tuple[str, str, str]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def skip_reason(path: str) -> str:
    for prefix in SKIP_PREFIXES:
        if path.startswith(prefix):
            return prefix
    return ""


@dataclasses.dataclass
class Crawl:
    client: Client
    site_url: str
    limit: int = 400
    per_route: int = 2
    fetched: list[str] = dataclasses.field(default_factory=list)
    pages: list[str] = dataclasses.field(default_factory=list)  # the HTML pages among them
    # Called with (url, html) for each HTML page fetched, for checks of the text.
    on_page: Callable[[str, str], None] | None = None
    problems: list[Problem] = dataclasses.field(default_factory=list)
    routes: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    timings: collections.Counter = dataclasses.field(default_factory=collections.Counter)

    def local(self, base: str, raw: str) -> str | None:
        """The site path (with query) a link leads to, or None for another site."""
        if raw.startswith(("mailto:", "tel:", "javascript:", "data:", "#", "blob:")):
            return None
        url, _fragment = urldefrag(urljoin("http://testserver" + base, raw))
        parts = urlsplit(url)
        own = urlsplit(self.site_url)
        if parts.scheme not in ("http", "https"):
            return None
        if parts.netloc not in ("testserver", own.netloc):
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def route(self, path: str) -> str:
        try:
            match = resolve(urlsplit(path).path)
        except Resolver404:
            return "?" + path
        return match.view_name

    def run(self, start: list[str], *, signed_in: bool) -> "Crawl":
        queue: collections.deque[tuple[str, str]] = collections.deque((s, "(start)") for s in start)
        seen: set[str] = set()
        while queue and len(self.fetched) < self.limit:
            url, found_on = queue.popleft()
            if url in seen or skip_reason(url):
                continue
            seen.add(url)
            route = self.route(url)
            download = urlsplit(url).path.lower().endswith(DOWNLOAD_SUFFIXES)
            if self.routes[route] >= (1 if download else self.per_route):
                continue
            self.routes[route] += 1
            began = time.monotonic()
            response = self.client.get(url)
            self.timings[route] += time.monotonic() - began
            self.fetched.append(url)
            body = self._body(response)
            self._check(url, found_on, response, signed_in=signed_in)
            if response.status_code in (301, 302, 303, 307, 308):
                target = self.local(url, response["Location"])
                if target is not None:
                    queue.appendleft((target, found_on))
                continue
            if response.status_code != 200:
                continue
            if "html" not in response.get("Content-Type", ""):
                # A download: it answered; other addresses of its kind need not be fetched.
                self.routes[route] = self.per_route
                continue
            if "attachment" not in response.get("Content-Disposition", ""):
                self.pages.append(url)
                if self.on_page is not None:
                    self.on_page(url, body)
            for tag, attr, value in links_of(body):
                if LOOPBACK.search(value):
                    self.problems.append(Problem(value, url, f"<{tag} {attr}> names the loopback"))
                target = self.local(url, value)
                if target is not None and target not in seen:
                    queue.append((target, url))
        return self

    @staticmethod
    def _body(response: HttpResponseBase) -> str:
        if getattr(response, "streaming", False):
            # Reading to the end closes the file (the test client's wrapper does it; calling
            # close() directly would send request_finished and drop the test's connection).
            for _chunk in response.streaming_content:  # type: ignore[attr-defined]
                pass
            return ""
        return response.content.decode("utf-8", "replace")

    def _check(
        self, url: str, found_on: str, response: HttpResponseBase, *, signed_in: bool
    ) -> None:
        status = response.status_code
        if status in (403, 404, 405) or status >= 500:
            self.problems.append(Problem(url, found_on, f"answers {status}"))
        location = response.get("Location", "") if 300 <= status < 400 else ""
        if LOOPBACK.search(location):
            self.problems.append(Problem(url, found_on, f"redirects to {location}"))
        if location.startswith("/accounts/login/"):
            who = "a signed-in user" if signed_in else "a guest"
            self.problems.append(Problem(url, found_on, f"sends {who} to log in"))
