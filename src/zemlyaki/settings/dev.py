"""Local runs (`make run`): debug off by default so the served site behaves as in production."""

from .base import *  # noqa: F401,F403
from .env import env_bool

DEBUG = env_bool("DEBUG", False)

# Local runs keep hashed names (as in production) but skip compressing every file with
# gzip and Brotli, which took most of a first start; production settings compress.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
