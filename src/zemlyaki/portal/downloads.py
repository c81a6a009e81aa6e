"""Illustrations of news: public once the news item is public, else to those who see it."""

from django.http import HttpRequest

from zemlyaki.core.protected_files import Download, register

from .models import NewsItem


def news_image(request: HttpRequest, name: str) -> Download | None:
    found = NewsItem.objects.visible_to(request.user).filter(image=name).first()
    if found is None:
        return None
    return Download(found.image, inline=True, public=found.is_live)


register("portal/news/", news_image)
