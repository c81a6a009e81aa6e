"""Production: secrets and hosts must come from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .env import env_bool

DEBUG = False
if not os.environ.get("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY must be set in production")
if not os.environ.get("ZEMLYAKI_SITE_URL", "").startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "ZEMLYAKI_SITE_URL (the public address, e.g. https://zemlyaki.example.org) "
        "must be set in production"
    )
if os.environ.get("ZEMLYAKI_SENDFILE", "") not in {"", "x-accel-redirect", "x-sendfile"}:
    raise ImproperlyConfigured('ZEMLYAKI_SENDFILE must be "", "x-accel-redirect" or "x-sendfile"')
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
