from django.contrib import admin

from .models import EventPlace, NewsItem, Practice, Publication, Question

admin.site.register(Publication)
admin.site.register(EventPlace)
admin.site.register(NewsItem)
admin.site.register(Practice)
admin.site.register(Question)
