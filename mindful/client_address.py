"""The visitor's network address, as seen through the site's own reverse proxies.

gunicorn does not rewrite REMOTE_ADDR from X-Forwarded-For, so behind Caddy every
visitor would share the proxy's address: one rate limit for the whole world. The
header cannot simply be believed either: a visitor can send any X-Forwarded-For
they like. Only the entries our own proxies appended are trustworthy, and those
are the rightmost ones, so the address is read from the right:

- TRUSTED_PROXIES (addresses or networks, e.g. ``127.0.0.1,10.0.0.0/8``): skip
  every hop that is one of our proxies; the first other address is the visitor.
- otherwise TRUSTED_PROXY_COUNT = N: the visitor is the address the outermost of
  N proxies saw, the Nth entry from the right of REMOTE_ADDR + X-Forwarded-For.

With neither set (or 0) the header is ignored and REMOTE_ADDR is the visitor.
"""

import ipaddress
from functools import cache

from django.conf import settings


def client_ip(request):
    """The visitor's IP address as a string, never taken from a header we cannot trust."""
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    # Nearest hop last: each proxy appends the address it received the request from.
    chain = [hop.strip() for hop in forwarded.split(",") if hop.strip()] + [remote]
    networks = trusted_networks()
    if networks:
        candidate = _first_untrusted_from_the_right(chain, networks)
    else:
        proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
        if proxies <= 0:
            return remote
        # Fewer hops than proxies: the header is missing or cut short; the
        # leftmost hop is the furthest we can see.
        candidate = chain[max(len(chain) - 1 - proxies, 0)]
    return candidate if _is_ip(candidate) else remote


def _first_untrusted_from_the_right(chain, networks):
    for hop in reversed(chain):
        if not _is_ip(hop):
            return hop  # garbage in the header: the caller falls back to REMOTE_ADDR
        if not any(ipaddress.ip_address(hop) in network for network in networks):
            return hop
    return chain[0]


@cache
def _parse_networks(entries):
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry)


def trusted_networks():
    return _parse_networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))


def _is_ip(value):
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
