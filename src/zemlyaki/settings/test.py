"""Settings for the test suite."""

import os

from .base import *  # noqa: F401,F403
from .base import DATABASES

DEBUG = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    name = os.environ.get("ZEMLYAKI_TEST_DB_NAME")
    if name:
        DATABASES["default"]["TEST"]["NAME"] = name
AXES_ENABLED = True
ZEMLYAKI_SITE_URL = "http://testserver"
# Pages keep the plain spaces after short words, so that a test reads a page's phrases as
# they are written in the templates; tests/core/test_typography.py turns the ties on and
# checks them on every page of the demo site.
ZEMLYAKI_TYPOGRAPHY_TIES = False
ZEMLYAKI_SENDFILE = ""
# Nothing in the tests reaches the internet: a test that needs the messenger starts its
# own fake Bot API on loopback and points this setting at it.
ZEMLYAKI_TELEGRAM_API_URL = "http://127.0.0.1:9"
ZEMLYAKI_MESSENGER_TOKENS = {}
