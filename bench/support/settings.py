"""Settings for benchmarks: the development settings plus a ceiling view."""

from zemlyaki.settings.dev import *  # noqa: F401,F403

ROOT_URLCONF = "bench.support.urls"
DEBUG = False
LOGGING = {"version": 1, "disable_existing_loggers": True}
