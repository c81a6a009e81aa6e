"""Canonical links, OpenGraph and schema.org data of the public pages (addresses from the
site's setting, never from the request's host)."""

import json
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from zemlyaki.core.urls_public import absolute_url

register = template.Library()

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def canonical(context: Any) -> str:
    request = context.get("request")
    return absolute_url(request.path) if request is not None else ""


@register.simple_tag
def site_address(path: str) -> str:
    return absolute_url(path) if path else ""


@register.simple_tag
def json_ld(data: Any) -> SafeString:
    """``<script type="application/ld+json">`` with the data, safe inside HTML."""
    if not data:
        return mark_safe("")
    text = json.dumps(data, ensure_ascii=False, default=str).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
