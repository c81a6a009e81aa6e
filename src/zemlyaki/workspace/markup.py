"""Posts are Markdown, rendered and sanitised as the strategy's sections are
(``strategy.markup``: markdown-it-py without raw HTML, then nh3), with @mentions of the
body's members marked up after sanitising."""

import re
from collections.abc import Iterable

from django.urls import reverse
from django.utils.html import escape

from zemlyaki.strategy.markup import render

MENTION_RE = re.compile(r"(?<![\w@/])@([A-Za-z0-9_.+-]{1,150})")


def mentioned_usernames(text: str) -> list[str]:
    """The usernames written as ``@name`` in a text, in order, each once."""
    return list(dict.fromkeys(name.rstrip(".") for name in MENTION_RE.findall(text or "")))


def render_post(text: str, known: Iterable[str] = ()) -> str:
    """Safe HTML of a post; ``@name`` of a known member becomes a highlighted mention."""
    html = render(text)
    names = set(known)
    if not names:
        return html

    def mark(match: re.Match[str]) -> str:
        name = match.group(1).rstrip(".")
        if name not in names:
            return match.group(0)
        rest = match.group(1)[len(name) :]
        return f'<span class="mention">@{escape(name)}</span>{rest}'

    # Only text between tags is touched, never an attribute.
    parts = re.split(r"(<[^>]*>)", html)
    return "".join(part if part.startswith("<") else MENTION_RE.sub(mark, part) for part in parts)


def quote_markdown(author: str, text: str) -> str:
    """The Markdown of a quotation, to start a reply with."""
    lines = (text or "").strip().splitlines()[:12]
    quoted = "\n".join("> " + line for line in lines)
    return f"> **{author}:**\n{quoted}\n\n"


def members_url(space_id: int) -> str:
    return reverse("workspace:members_json", args=[space_id])
