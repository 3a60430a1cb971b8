"""The address of the client that sent a request, for the lock-out after failed logins (django-axes).

Without a proxy it is the connecting address (``REMOTE_ADDR``). Behind reverse proxies every request
connects from the nearest proxy, so the connecting address would put every user in one bucket, and
anybody could lock any user out. When the operator says how many proxies stand in front
(``TRUSTED_PROXIES``, setting ``PROGRAMKONTOR_TRUSTED_PROXIES``), the client is the address that the
outermost of them appended to ``X-Forwarded-For``: each proxy appends the address it was connected
from, so with ``n`` proxies that is the ``n``-th entry from the right. Entries to the left of it were
written by the client and are never believed, and without a configured proxy the header is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(value: str) -> str | None:
    """``value`` as a normalised IP address, or None when it is not one."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def forwarded_for(header: str, proxies: int) -> str | None:
    """The client's address in an ``X-Forwarded-For`` value written through ``proxies`` trusted proxies.

    None when the header has fewer entries than there are proxies (a request that did not come
    through all of them) or when the trusted entry is not an IP address."""
    entries = [entry.strip() for entry in header.split(",")]
    entries = [entry for entry in entries if entry]
    if proxies < 1 or len(entries) < proxies:
        return None
    return _address(entries[-proxies])


def client_address(request: HttpRequest) -> str | None:
    """The client's address as far as the configured proxies vouch for it (``AXES_CLIENT_IP_CALLABLE``)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies: int = getattr(settings, "PROGRAMKONTOR_TRUSTED_PROXIES", 0)
    if proxies > 0:
        found = forwarded_for(request.META.get("HTTP_X_FORWARDED_FOR", ""), proxies)
        if found is not None:
            return found
    return _address(remote) or remote or None
