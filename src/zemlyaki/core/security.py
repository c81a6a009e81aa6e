"""Secrets that are shown once and stored only as hashes: API tokens, personal links;
the client's address for rate limits."""

import functools
import hashlib
import ipaddress
import secrets

from django.conf import settings
from django.http import HttpRequest


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


Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@functools.lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _address(text: str) -> Address | None:
    """An address from a header entry, with or without a port (``1.2.3.4:80``, ``[::1]:80``)."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client's address, for rate limits and the login lockout.

    ``REMOTE_ADDR``, unless the request comes from a trusted proxy (setting
    ``TRUSTED_PROXIES``: addresses or networks): then the rightmost address in
    ``X-Forwarded-For`` that is not itself a trusted proxy — each proxy appends the address
    it received from, so entries to the left of it may be forged by the client."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not networks:
        return remote

    def trusted(address: Address | None) -> bool:
        return address is not None and any(address in network for network in networks)

    if not trusted(_address(remote)):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return remote  # not an address: the chain cannot be followed further
        if not trusted(address):
            return str(address)
    return str(_address(hops[0])) if hops else remote
