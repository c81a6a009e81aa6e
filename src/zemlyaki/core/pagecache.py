"""Whole pages for anonymous visitors, cached until the data's version changes.

A public page read by many visitors (the catalogue) is the same for every anonymous one
but for the CSRF token of its forms: the page is kept with a placeholder in place of the
token, already typeset, and each visitor gets it with a token of their own. Signed-in
users, pages with messages waiting and anything but a plain GET are rendered as usual.
"""

import re
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

from .cache import TIMEOUT, cache_key
from .typography import typeset_response

PLACEHOLDER = "\x00csrf\x00"
# The masked token as the templates write it: a form's hidden field and htmx's header.
_TOKEN_RE = re.compile(
    r'(?<=name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(?=")'
    r'|(?<="X-CSRFToken": ")[A-Za-z0-9]{64}(?=")'
)


def cacheable(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return (
        request.method == "GET"
        and not (user and user.is_authenticated)
        and not getattr(request, "htmx", False)
        and not len(get_messages(request))  # len() does not mark them as shown
    )


def anonymous_page(
    request: HttpRequest,
    prefix: str,
    version: str,
    build: Callable[[], HttpResponse],
    parts: Iterable[Any] = (),
) -> HttpResponse:
    """The page ``build`` renders; for an anonymous visitor, from the cache while
    ``version`` holds. The key holds the full path (the page links back to it), the
    language and ``parts``."""
    if not cacheable(request):
        return build()
    key = cache_key(f"page:{prefix}", version, [request.get_full_path(), *parts])
    stored = cache.get(key)
    if stored is None:
        response = build()
        if response.status_code != 200 or response.cookies:
            return response
        typeset_response(response)
        html = response.content.decode(response.charset or "utf-8")
        stored = (_TOKEN_RE.sub(PLACEHOLDER, html), response["Content-Type"])
        cache.set(key, stored, TIMEOUT)
    html, content_type = stored
    if PLACEHOLDER in html:
        html = html.replace(PLACEHOLDER, get_token(request))
    response = HttpResponse(html, content_type=content_type)
    response.typeset = True  # type: ignore[attr-defined]
    return response
