from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from programkontor.core.access import access_for


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "site_name": settings.PROGRAMKONTOR_SITE_NAME,
        "access": access_for(getattr(request, "user", None)),
    }
