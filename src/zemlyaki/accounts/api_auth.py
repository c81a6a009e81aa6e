"""Bearer-token authentication and permission checks shared by every router."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from zemlyaki.core.errors import Forbidden

from .models import User
from .services import token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class OptionalTokenAuth(TokenAuth):
    """Reads a token when one is sent; anonymous requests pass as guests."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization")
        if not header:
            from django.contrib.auth.models import AnonymousUser

            request.user = AnonymousUser()
            return request.user
        user = super().__call__(request)
        return user


token_auth = TokenAuth()
optional_auth = OptionalTokenAuth()


def api_user(request: HttpRequest) -> User:
    """The user of an endpoint behind ``token_auth``: ninja puts it on ``request.auth``."""
    user: User = vars(request)["auth"]
    return user


def require_api_perm(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not current_user(request).has_perm(perm, obj):
        raise Forbidden(_("Недостаточно прав для этого действия."))


def current_user(request: HttpRequest) -> Any:
    return getattr(request, "auth", None) or request.user
