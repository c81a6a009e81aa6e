"""Production: secrets and hosts must come from the environment; HTTPS by default."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .env import env_bool, env_int

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
# Plain HTTP is redirected to HTTPS, and browsers are told to use HTTPS only for a year.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# The load balancer's health check may ask over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
