"""The site's public address (``ZEMLYAKI_SITE_URL``) and full links built from it.

Pages link inside the site with relative addresses (``/events/1/``). A full address is
needed only where a link leaves the site: in mail, in calendar feeds, in links offered
for copying (a questionnaire's public link, a calendar subscription). All of them are
built here, from the one setting, never from the request's host (which a client chooses).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _


def site_url() -> str:
    """The public address of the site without a trailing slash, e.g.
    ``https://zemlyaki.example.org``."""
    return str(settings.ZEMLYAKI_SITE_URL).rstrip("/")


def site_host() -> str:
    """The host part of the public address (for calendar UIDs and the like)."""
    return site_url().split("://", 1)[-1].split("/", 1)[0]


def absolute_url(path: str) -> str:
    """A full address of a path of this site: ``absolute_url("/events/1/")``."""
    if not path.startswith("/"):
        path = "/" + path
    return site_url() + path


def validate_link(value: str) -> None:
    """A link stored by a user: an address of this site (``/s/anketa/``) or a full
    ``http(s)://`` address of another site. A full address of this very site is kept as is
    but pages should prefer the site-relative form, which survives a change of domain."""
    value = (value or "").strip()
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            _(
                "Укажите адрес страницы этого сайта, начиная с «/» (например, /s/anketa/), "
                "или полный адрес, начиная с https://."
            ),
            code="invalid",
        ) from None
