"""Template filters for money: ``{{ amount|dkk }}`` → ``1.234.567,50 kr.`` (amounts are øre)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.urls import NoReverseMatch

from programkontor.economy.money import format_dkk

register = template.Library()


@register.filter
def dkk(ore: Any) -> str:
    """Øre as Danish kroner with the unit: ``1.234.567,50 kr.``; empty values as a dash."""
    if ore is None or ore == "":
        return "—"
    return format_dkk(int(ore))


@register.filter
def percent(value: Decimal | None) -> str:
    """``12.5`` → ``12,5 %``; None → a dash."""
    if value is None:
        return "—"
    return f"{value:.1f}".replace(".", ",") + " %"


@register.filter
def url_of(obj: Any) -> str:
    """``obj.get_absolute_url()``, or "" when the object has no page (yet)."""
    method = getattr(obj, "get_absolute_url", None)
    if method is None:
        return ""
    try:
        return str(method())
    except NoReverseMatch:
        return ""


@register.filter
def signed_class(ore: Any) -> str:
    return "pk-negative" if ore is not None and int(ore) < 0 else ""


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None
