from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from programkontor.core.access import access_for
from programkontor.core.registry import menu_items


def site(request: HttpRequest) -> dict[str, Any]:
    path = request.path
    menu = []
    for item in menu_items():
        url = reverse(item.url_name)
        current = path == url or any(path.startswith(prefix) for prefix in item.prefixes)
        menu.append({"label": item.label, "url": url, "current": current})
    return {
        "site_name": settings.PROGRAMKONTOR_SITE_NAME,
        "access": access_for(getattr(request, "user", None)),
        "menu": menu,
    }
