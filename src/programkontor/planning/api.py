"""REST endpoints of this app: ``ROUTES`` is picked up by ``programkontor/api_urls.py``."""

from typing import Any

ROUTES: list[tuple[str, Any, str]] = []
