"""Helpers shared by the views of every app."""

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse

from zemlyaki.core.errors import add_to_form


def require_perm(request: HttpRequest, perm: str, obj: Any = None, *, hide: bool = False) -> None:
    """Refuse unless the user holds ``perm`` on ``obj``.

    Anonymous users are sent to the login page. Others get 403, or 404 with ``hide``
    for objects whose very existence is not public (so "missing" and "forbidden" look alike).
    """
    if request.user.has_perm(perm, obj):
        return
    if not request.user.is_authenticated:
        raise _LoginRequired(request)
    if hide:
        raise Http404
    raise PermissionDenied


class _LoginRequired(Exception):
    def __init__(self, request: HttpRequest) -> None:
        self.response = redirect_to_login(request.get_full_path())


class LoginRequiredMiddleware:
    """Turns :func:`require_perm`'s login demand into a redirect."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, _LoginRequired):
            return exception.response
        return None


def htmx_target(request: HttpRequest) -> str | None:
    """For a request made by htmx (``django_htmx`` middleware): the id of the element it
    replaces, ``""`` without one; ``None`` for an ordinary request."""
    details = vars(request).get("htmx")
    if not details:
        return None
    return str(details.target or "")


def paginate(request: HttpRequest, items: Any, per_page: int = 20) -> Page:
    paginator = Paginator(items, per_page)
    return paginator.get_page(request.GET.get("page"))


def apply_validation_error(form: BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError next to the fields of a form."""
    add_to_form(form, error)
