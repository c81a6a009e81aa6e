"""RSS and Atom feeds of the news: all of it, and one association's."""

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from zemlyaki.core.urls_public import absolute_url
from zemlyaki.registry.models import Association

from . import selectors
from .models import NewsItem


class NewsFeed(Feed):
    """The newest 30 published news items; links are built from the site's address."""

    route = "rss"

    def get_object(self, request: HttpRequest, slug: str = "") -> Association | None:
        if not slug:
            return None
        return get_object_or_404(Association, slug=slug)

    def title(self, obj: Association | None) -> str:
        if obj is None:
            return _("Новости землячеств Москвы")
        return _("Новости: %(name)s") % {"name": obj}

    def link(self, obj: Association | None) -> str:
        if obj is None:
            return absolute_url(reverse("portal:news_list"))
        return absolute_url(reverse("portal:association", kwargs={"slug": obj.slug}))

    def feed_url(self, obj: Association | None) -> str:
        if obj is None:
            return absolute_url(reverse(f"portal:news_{self.route}"))
        return absolute_url(
            reverse(f"portal:association_news_{self.route}", kwargs={"slug": obj.slug})
        )

    def description(self, obj: Association | None) -> str:
        return _("Новости Координационного совета и землячеств")

    def items(self, obj: Association | None) -> list[NewsItem]:
        return selectors.latest_news(30, obj)

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return item.lead or item.title

    def item_link(self, item: NewsItem) -> str:
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item: NewsItem) -> str:
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item: NewsItem) -> Any:
        return item.published_at

    def item_updateddate(self, item: NewsItem) -> Any:
        return item.updated_at

    def item_author_name(self, item: NewsItem) -> str:
        return str(item.association or _("Координационный совет"))


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed
    route = "atom"

    def subtitle(self, obj: Association | None) -> str:
        return self.description(obj)
