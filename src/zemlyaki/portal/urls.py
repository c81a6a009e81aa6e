from django.urls import path

from . import feeds, opendata, seo, views, views_help, views_news

app_name = "portal"

urlpatterns = [
    path("sitemap.xml", seo.sitemap, name="sitemap"),
    path("robots.txt", seo.robots, name="robots"),
    path("map/", views.site_map, name="map"),
    path("regions/<str:code>/", views.region_detail, name="region"),
    path("zemlyachestva/<slug:slug>/", views.association_public, name="association"),
    path(
        "zemlyachestva/<slug:slug>/publication/",
        views.publication_edit,
        name="publication_edit",
    ),
    path(
        "zemlyachestva/<slug:slug>/news/rss/",
        feeds.NewsFeed(),
        name="association_news_rss",
    ),
    path(
        "zemlyachestva/<slug:slug>/news/atom/",
        feeds.AtomNewsFeed(),
        name="association_news_atom",
    ),
    path("news/", views_news.news_list, name="news_list"),
    path("news/new/", views_news.news_create, name="news_create"),
    path("news/rss/", feeds.NewsFeed(), name="news_rss"),
    path("news/atom/", feeds.AtomNewsFeed(), name="news_atom"),
    path("news/<slug:slug>/", views_news.news_detail, name="news_detail"),
    path("news/<slug:slug>/edit/", views_news.news_edit, name="news_edit"),
    path("calendar/", views.month_calendar, name="calendar"),
    path("calendar/<int:pk>/place/", views.event_place, name="event_place"),
    path("dokumenty/", views.documents, name="documents"),
    path("search/", views.search, name="search"),
    path("otkrytye-dannye/", opendata.index, name="open_data"),
    path("otkrytye-dannye/<slug:key>.<str:fmt>", opendata.download, name="open_data_file"),
    path("practices/", views_help.practice_list, name="practice_list"),
    path("practices/new/", views_help.practice_create, name="practice_create"),
    path("practices/candidates/", views_help.practice_candidates, name="practice_candidates"),
    path(
        "practices/candidates/<int:pk>/accept/",
        views_help.practice_accept,
        name="practice_accept",
    ),
    path("help/", views_help.help_desk, name="help"),
    path("obratnaya-svyaz/", views_help.feedback, name="feedback"),
    path("obratnaya-svyaz/spasibo/", views_help.feedback_thanks, name="feedback_thanks"),
    path("help/thanks/", views_help.help_thanks, name="help_thanks"),
    path("help/questions/", views_help.question_queue, name="question_queue"),
    path("help/questions/<int:pk>/", views_help.question_detail, name="question_detail"),
    path("help/answer/<str:token>/", views_help.question_answer, name="question_answer"),
]
