"""Filters for the report's stored figures: ISO dates and amounts in øre as the pages write them."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template
from django.utils.formats import date_format

from programkontor.core.markdown_export import markdown_line, markdown_text
from programkontor.core.money import kroner

register = template.Library()


@register.filter
def iso_date(value: object) -> str:
    """``2026-09-30`` → ``30.09.2026``; nothing → a dash."""
    if not value:
        return "—"
    return date_format(datetime.date.fromisoformat(str(value)), "d.m.Y")


@register.filter
def ore(value: object) -> str:
    """An amount in øre in whole kroner: ``123456789`` → ``1.234.568 kr.``."""
    if value is None or value == "":
        return "—"
    return kroner(Decimal(int(str(value))) / 100, decimals=False)


@register.filter
def number(value: object) -> str:
    """``"62.5"`` → ``62,5``; nothing → a dash."""
    if value is None or value == "":
        return "—"
    text = f"{Decimal(str(value)).normalize():f}"
    return text.replace(".", ",")


@register.filter
def md(value: object) -> str:
    """User text on one Markdown line or table cell: inert (``core.markdown_export``), pipes escaped."""
    return markdown_line(str(value or "")).replace("|", "\\|")


@register.filter
def md_block(value: object) -> str:
    """User Markdown as a block, inert where the Markdown is published."""
    return markdown_text(str(value or ""))
