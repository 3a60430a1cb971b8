"""Extension points where apps plug into the shared pages without editing them.

* **Menu items** for the main navigation (``add_menu_item``).
* **Home sections** at the top of the front page for logged-in users (``add_home_section``): what is due,
  what awaits the user. Same contract as panels, without an object.
* **Panels** on an object's page (``add_panel``): a later app shows its part of a product or
  program (plans, budget, evaluations, meetings) on that page. A panel's context function gets the
  request and the object and returns the template context, or ``None`` to show nothing; it must
  read through the gate (``restrict``) like any view, and use a fixed number of queries.

Register from your ``AppConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import HttpRequest


@dataclass(frozen=True)
class MenuItem:
    label: Any  # a lazy translation
    url_name: str
    order: int
    #: The item is marked as current when the request path starts with one of these.
    prefixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Panel:
    model: type[models.Model]
    template: str
    context: Callable[[HttpRequest, Any], dict[str, Any] | None]
    order: int


@dataclass(frozen=True)
class HomeSection:
    template: str
    context: Callable[[HttpRequest], dict[str, Any] | None]
    order: int


_menu: list[MenuItem] = []
_panels: list[Panel] = []
_home: list[HomeSection] = []


def add_menu_item(label: Any, url_name: str, *, order: int, prefixes: tuple[str, ...] = ()) -> None:
    if any(item.url_name == url_name for item in _menu):
        return
    _menu.append(MenuItem(label, url_name, order, prefixes))
    _menu.sort(key=lambda item: item.order)


def menu_items() -> list[MenuItem]:
    return list(_menu)


def add_panel(
    model: type[models.Model],
    template: str,
    context: Callable[[HttpRequest, Any], dict[str, Any] | None],
    *,
    order: int = 100,
) -> None:
    if any(panel.model is model and panel.template == template for panel in _panels):
        return
    _panels.append(Panel(model, template, context, order))
    _panels.sort(key=lambda panel: panel.order)


def panels_for(request: HttpRequest, obj: models.Model) -> list[tuple[str, dict[str, Any]]]:
    """The panels to show on ``obj``'s page, as (template, context) pairs."""
    shown = []
    for panel in _panels:
        if isinstance(obj, panel.model):
            context = panel.context(request, obj)
            if context is not None:
                shown.append((panel.template, context))
    return shown


def add_home_section(
    template: str, context: Callable[[HttpRequest], dict[str, Any] | None], *, order: int = 100
) -> None:
    if any(section.template == template for section in _home):
        return
    _home.append(HomeSection(template, context, order))
    _home.sort(key=lambda section: section.order)


def home_sections(request: HttpRequest) -> list[tuple[str, dict[str, Any]]]:
    """The sections to show on the front page for this request, as (template, context) pairs."""
    shown = []
    for section in _home:
        context = section.context(request)
        if context is not None:
            shown.append((section.template, context))
    return shown
