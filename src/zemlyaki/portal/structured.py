"""schema.org data of the public pages (JSON-LD): organisations, events, news articles."""

from collections.abc import Iterable
from typing import Any

from zemlyaki.core.urls_public import absolute_url


def organisation(association: Any, publication: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": association.name,
        "url": absolute_url(f"/zemlyachestva/{association.slug}/"),
    }
    if association.short_name:
        data["alternateName"] = association.short_name
    if association.founded_year:
        data["foundingDate"] = str(association.founded_year)
    if publication.show_contacts:
        if association.email:
            data["email"] = association.email
        if association.phone:
            data["telephone"] = association.phone
        if association.address:
            data["address"] = association.address
    return data


def events(items: Iterable[Any]) -> list[dict[str, Any]]:
    return [
        {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": event.title,
            "startDate": event.starts_at.isoformat(),
            **({"endDate": event.ends_at.isoformat()} if event.ends_at else {}),
            "location": {"@type": "Place", "name": event.place or "Москва"},
            "url": absolute_url(event.get_absolute_url()),
        }
        for event in items
    ]


def article(news: Any) -> dict[str, Any]:
    author = str(news.association) if news.association else "Координационный совет землячеств"
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": news.title,
        "description": news.lead,
        "url": absolute_url(news.get_absolute_url()),
        "dateModified": news.updated_at.isoformat(),
        "author": {"@type": "Organization", "name": author},
    }
    if news.published_at:
        data["datePublished"] = news.published_at.isoformat()
    if news.image:
        data["image"] = absolute_url(news.image.url)
    return data
