import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zemlyaki.settings.prod")
application = get_wsgi_application()
# The addresses (and with them every app's views and API) are imported now, not on the
# first request: with gunicorn's --preload the master does it once, before the workers
# fork, and the first visitor does not wait for it.
get_resolver().url_patterns  # noqa: B018
# What is loaded by now lives as long as the process: out of the garbage collector's
# reach, a full collection walks only what requests leave behind (it walked every
# module, model and view, a pause of 60-160 ms on a random request, the expert search's
# slowest), and the workers forked from a preloading master do not copy the pages of
# those objects by collecting them.
gc.freeze()
