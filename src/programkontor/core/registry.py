"""Extension points where apps plug into the shared pages without editing them.

* **Menu items** for the main navigation (``add_menu_item``).
* **Home sections** at the top of the front page for logged-in users (``add_home_section``): what is due,
  what awaits the user. Same contract as panels, without an object.
* **Panels** on an object's page (``add_panel``): a later app shows its part of a product or
  program (plans, budget, evaluations, meetings) on that page. A panel's context function gets the
  request and the object and returns the template context, or ``None`` to show nothing; it must
  read through the gate (``restrict``) like any view, and use a fixed number of queries.
* **Calendar feeds** (``add_calendar_feed``): the addresses an app offers for the user's one secret
  calendar token (managed on the accounts app's calendar page), and its public addresses. The
  accounts app lists them without importing the apps; each app resolves the token in its feed views
  with ``programkontor.accounts.services.user_for_calendar_token``.

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


#: ``(label, absolute url)`` pairs of calendar addresses.
FeedLinks = list[tuple[Any, str]]


@dataclass(frozen=True)
class CalendarFeed:
    key: str
    #: ``(request, user, raw_token) -> [(label, url)]``: the user's personal addresses with the token.
    personal: Callable[[HttpRequest, Any, str], FeedLinks]
    #: ``(request) -> [(label, url)]``: addresses anyone may subscribe to, without a token.
    public: Callable[[HttpRequest], FeedLinks] | None
    order: int


_menu: list[MenuItem] = []
_panels: list[Panel] = []
_home: list[HomeSection] = []
_feeds: list[CalendarFeed] = []


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


def add_calendar_feed(
    key: str,
    personal: Callable[[HttpRequest, Any, str], FeedLinks],
    *,
    public: Callable[[HttpRequest], FeedLinks] | None = None,
    order: int = 100,
) -> None:
    """Offer calendar addresses for the user's calendar token (``personal``) and without one (``public``).

    ``personal`` gets the request, the user and the raw token and returns ``[(label, url)]`` — only
    what that user may use (an empty list offers nothing); it must not write anything.
    """
    if any(feed.key == key for feed in _feeds):
        return
    _feeds.append(CalendarFeed(key, personal, public, order))
    _feeds.sort(key=lambda feed: feed.order)


def calendar_feeds(request: HttpRequest, user: Any, raw_token: str) -> FeedLinks:
    """Every personal calendar address the apps offer ``user`` for ``raw_token``, in registry order."""
    return [link for feed in _feeds for link in feed.personal(request, user, raw_token)]


def public_calendar_feeds(request: HttpRequest) -> FeedLinks:
    """The calendar addresses anyone may subscribe to."""
    return [link for feed in _feeds if feed.public is not None for link in feed.public(request)]
