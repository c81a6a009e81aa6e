"""Secrets that are shown once and stored only as hashes: API tokens, personal links."""

import hashlib
import secrets

from django.conf import settings


def token_hash(token: str) -> str:
    """The SHA-256 of a random token; only this is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(nbytes: int = 24) -> tuple[str, str]:
    """A random token for a personal link and the hash that is stored instead of it."""
    token = secrets.token_urlsafe(nbytes)
    return token, token_hash(token)


def client_key(address: str) -> str:
    """A keyed hash of a client's address: enough to limit a rate, not to identify."""
    if not address:
        return ""
    return token_hash(f"{settings.SECRET_KEY}:{address}")
