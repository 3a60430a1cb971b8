"""Filters for the site's Markdown templates: text users wrote, made inert (``core.markdown_export``)."""

from __future__ import annotations

from django import template

from programkontor.core.markdown_export import markdown_line, markdown_link, markdown_text
from programkontor.economy.labels import SIZE_CLASSES
from programkontor.economy.models import TariffSheet
from programkontor.economy.tariffs import Prices

register = template.Library()


@register.filter
def md_text(text: str | None) -> str:
    """A Markdown field a user wrote (several lines), inert where it is published."""
    return markdown_text(text).strip()


@register.filter
def md_line(text: object) -> str:
    """One line of user text (a heading, a list item), inert."""
    return markdown_line(str(text) if text is not None else "")


@register.filter
def md_cell(text: object) -> str:
    """One table cell: inert, its pipes escaped, on one line."""
    return md_line(text).replace("|", "\\|")


@register.filter
def md_url(url: str | None) -> str:
    """A web address as a link showing itself (only http, https and mailto link)."""
    return markdown_link(url, url)


@register.filter
def tariff_rows(sheet: TariffSheet) -> list[tuple[str, Prices, Prices]]:
    """A tariff sheet's prices per size class, named as the economy's pages name them."""
    return [(str(SIZE_CLASSES[size.value]), annual, joining) for size, annual, joining in sheet.price_rows()]
