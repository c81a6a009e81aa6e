import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zemlyaki.settings.prod")
application = get_wsgi_application()
# The addresses (and with them every app's views and API) are imported now, not on the
# first request: with gunicorn's --preload the master does it once, before the workers
# fork, and the first visitor does not wait for it.
get_resolver().url_patterns  # noqa: B018
