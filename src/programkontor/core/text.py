"""Small text helpers shared by the domain apps."""

from __future__ import annotations

from django.db import models
from django.utils.text import slugify

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slugify(text: str) -> str:
    return slugify(text.translate(_DANISH))


def unique_slug(model: type[models.Model], text: str, max_length: int = 200) -> str:
    """A slug for ``text`` that no row of ``model`` uses yet (``name``, ``name-2``, ...)."""
    base = danish_slugify(text)[:max_length] or "x"
    existing = set(model._default_manager.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in existing:
        return base
    counter = 2
    while f"{base}-{counter}" in existing:
        counter += 1
    return f"{base}-{counter}"
