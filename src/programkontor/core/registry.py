"""Extension points where apps plug into the shared pages without editing them.

* **Menu items** for the main navigation (``add_menu_item``).
* **Home sections** below the list on the front page *Til mig* (``add_home_section``): a short block of the
  user's own (planning's weekly plan). Same contract as panels, without an object. What waits for the user
  is not a section: it is a due provider (below).
* **Panels** on an object's page (``add_panel``): a later app shows its part of a product or
  program (plans, budget, evaluations, meetings) on that page. A panel's context function gets the
  request and the object and returns the template context, or ``None`` to show nothing; it must
  read through the gate (``restrict``) like any view, and use a fixed number of queries.
* **Calendar feeds** (``add_calendar_feed``): the addresses an app offers for the user's one secret
  calendar token (managed on the accounts app's calendar page), and its public addresses. The
  accounts app lists them without importing the apps; each app resolves the token in its feed views
  with ``programkontor.accounts.services.user_for_calendar_token``.

* **Due items** (``register_due_provider``): what waits for the user — the front page *Til mig*
  (``waiting_for``), its count in the header (``waiting_count``) and governance's overview (its own
  keys). A provider is ``(user, today, until) -> list[DueItem]``: only what the user may act on or
  open (read through the gate, ``core.gate``, and the apps' rules), as plain rows (``values()``) with
  each kind's URL built once (``url_for_pk``), in a fixed number of queries that does not grow with
  the rows. Each item names its one-click ``action`` and, in ``note``, why it waits. Providers of one
  app that read the same tables read them once per ``due_for`` call through ``shared_rows``. A kind
  whose rows are one queryset registers with ``register_due_query`` instead: every such kind is
  read in one query, cut at ``PER_CATEGORY`` rows and counted in SQL (``core/due_union.py``). The
  providers are listed in ``docs/architecture.md``.
* **Annual-cycle dates** (``register_cycle_provider``): dated deadlines an app keeps in its own
  records (a contract's notice date and end) shown on governance's annual cycle beside its recurring
  events and meetings. A provider is ``(user, start, end, scope) -> list[CycleDate]``: what the user
  may see, narrowed to the page's product, program or the association's own, in a fixed number of
  queries.
* **Linkable objects** (``register_linkable``): what an agenda item can concern and a decision can
  change, in any app (governance's decisions, planning's work items, evaluation's evaluations).
  ``candidates(user, product_id, program_id)`` returns what a user may pick for a product (or
  program); governance's ``links`` module resolves and offers them.

* **Searchable objects** (``register_searchable``): what the search page finds (``core/search.py``
  keeps the index; every hit passes the gate). An app names the model, its group's label and its
  text fields; the index follows every save and delete of the model.
* **Rows that ``migrate`` writes** (``register_installed_by_migrate``): models a data migration (or a
  ``post_migrate`` handler) fills in every new database, such as evaluation's shipped catalogues. A
  database holding rows only there counts as empty for ``programkontor import_all``
  (``core/backup.py``), which replaces them with the archive's.

Register from your ``AppConfig.ready()``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.db import models
from django.db.models import F
from django.db.models.expressions import OrderBy
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise

from programkontor.core.due_union import Row, Rows, union_rows

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from programkontor.core.actors import AnyUser


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


def calendar_feeds(request: HttpRequest, user: AnyUser, raw_token: str) -> FeedLinks:
    """Every personal calendar address the apps offer ``user`` for ``raw_token``, in registry order."""
    return [link for feed in _feeds for link in feed.personal(request, user, raw_token)]


def public_calendar_feeds(request: HttpRequest) -> FeedLinks:
    """The calendar addresses anyone may subscribe to."""
    return [link for feed in _feeds if feed.public is not None for link in feed.public(request)]


# --------------------------------------------------------------------------------------------
# What is due.

DUE_DAYS = 30
PER_CATEGORY = 10  # rows each kind shows on *Til mig*; the count tells how many there are
MORE = 25  # rows a kind's own page (and *Til mig*'s "Show more") adds at a time


@dataclass(frozen=True)
class DueItem:
    date: datetime.date | None
    category: str  # the provider's key
    title: str
    url: str
    context: str = ""  # product, program or body
    overdue: bool = False
    note: str = ""  # why it waits, beyond its date ("MUST is 72 % of the capacity")
    action: str = ""  # the label of what the user does at ``url`` ("Approve"); empty: just open it


DueProvider = Callable[[Any, datetime.date, datetime.date], list[DueItem]]


class DueList(list[DueItem]):
    """The items of a provider's kind that the list shows (those of ``due_window()``, in the list's
    order: overdue first, then by date and title) with ``total``, how many there are in all: a
    provider that cuts its rows in SQL (``[start:stop]``, the total from an aggregate) returns one,
    so the page's cost does not grow with the rows it does not show."""

    def __init__(self, items: Sequence[DueItem], total: int) -> None:
        super().__init__(items)
        self.total = max(total, len(items))


_PK_MARKER = 2_147_483_647


def url_for_pk(viewname: str) -> Callable[[int], str]:
    """The URL of ``viewname`` (whose one argument is ``pk``) for any primary key, reversed once:
    a due list builds hundreds of addresses of the same kind."""
    head, tail = reverse(viewname, kwargs={"pk": _PK_MARKER}).rsplit(str(_PK_MARKER), 1)
    return lambda pk: f"{head}{pk}{tail}"


#: A row of a ``DueQuery`` as its ``items`` get it (the columns of its ``values()``).
DueRow = Row


@dataclass(frozen=True)
class DueQuery:
    """A kind of due item read by the due list's one query (``register_due_query``): ``rows`` a
    ``values()`` queryset through the gate, ``order`` the list's order of its rows (overdue first,
    then by date and title), ``items`` what the page shows of the first rows."""

    rows: Rows
    order: Sequence[OrderBy]
    items: Callable[[list[DueRow]], list[DueItem]]


def due_order(date: str, title: str = "title") -> list[OrderBy]:
    """A ``DueQuery``'s order for a kind whose items are overdue when their date has passed: by date
    (none last), then title (as the list sorts them), then key."""
    return [F(date).asc(nulls_last=True), F(title).asc(), F("pk").asc()]


DueQueryProvider = Callable[["AnyUser", datetime.date, datetime.date], "DueQuery | None"]


@dataclass(frozen=True)
class RegisteredDue:
    key: str
    provider: DueProvider
    label: Any
    order: int
    query: DueQueryProvider | None = None


@dataclass
class DueGroup:
    key: str
    label: str
    items: list[DueItem] = field(default_factory=list)
    total: int = 0

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.items if item.overdue)

    @property
    def urgency(self) -> tuple[bool, datetime.date]:
        """Groups with overdue items first, then by their most pressing date."""
        first = self.items[0] if self.items else None
        return (not self.overdue, (first.date if first and first.date else datetime.date.max))


_due_providers: dict[str, RegisteredDue] = {}
_Rows = TypeVar("_Rows")
_shared: ContextVar[dict[str, object] | None] = ContextVar("programkontor_due_rows", default=None)
_window: ContextVar[tuple[int, int]] = ContextVar("programkontor_due_window", default=(0, PER_CATEGORY))


def due_window() -> tuple[int, int]:
    """``(start, stop)``: which of each kind's items (in the list's order) the due list being built
    shows; *Til mig* the first ``PER_CATEGORY``, a kind's own page a later slice (``due_kind``). A
    provider that cuts its rows itself (and returns a ``DueList``) cuts them here."""
    return _window.get()


def register_due_provider(key: str, provider: DueProvider, *, label: Any, order: int = 100) -> None:
    """Add (or replace) a provider of due items under ``key``."""
    _due_providers[key] = RegisteredDue(key, provider, label, order)


def register_due_query(key: str, query: DueQueryProvider, *, label: StrOrPromise, order: int = 100) -> None:
    """Add a provider of due items whose rows one query reads with every other such provider's
    (``core.due_union``): each kind cut at ``PER_CATEGORY`` rows in SQL, its total counted there."""

    def provider(user: AnyUser, today: datetime.date, until: datetime.date) -> list[DueItem]:
        return _queried({key: query(user, today, until)}).get(key, [])

    _due_providers[key] = RegisteredDue(key, provider, label, order, query)


def _queried(queries: dict[str, DueQuery | None]) -> dict[str, DueList]:
    found = {key: found for key, found in queries.items() if found is not None}
    start, stop = due_window()
    rows = union_rows({key: (found.rows, found.order) for key, found in found.items()}, stop, start)
    return {key: DueList(found[key].items(part), total) for key, (part, total) in rows.items()}


def due_providers() -> list[RegisteredDue]:
    return sorted(_due_providers.values(), key=lambda registered: (registered.order, registered.key))


def due_for(
    user: AnyUser,
    today: datetime.date,
    days: int = DUE_DAYS,
    prefix: str = "",
    providers: list[RegisteredDue] | None = None,
) -> list[DueGroup]:
    """The user's due items by category (overdue first, then by date), without empty categories.

    ``prefix`` limits the providers to those whose key starts with it (``"governance."``);
    ``providers`` names them (all by default)."""
    until = today + datetime.timedelta(days=days)
    if providers is None:
        providers = [registered for registered in due_providers() if registered.key.startswith(prefix)]
    shared = _shared.set({})
    try:
        return _due_groups(user, today, until, providers)
    finally:
        _shared.reset(shared)


def due_kind(user: AnyUser, today: datetime.date, key: str, start: int) -> DueGroup | None:
    """Items ``start`` to ``start + MORE`` of one kind of what waits for ``user`` (a kind's own page,
    and *Til mig*'s "Show more"), with the kind's total; ``None`` for a kind no provider offers, or
    none of whose items is there."""
    registered = _due_providers.get(key)
    if registered is None or start < 0:
        return None
    window = _window.set((start, start + MORE))
    try:
        groups = due_for(user, today, providers=[registered])
    finally:
        _window.reset(window)
    return groups[0] if groups else None


def _due_groups(
    user: AnyUser, today: datetime.date, until: datetime.date, providers: list[RegisteredDue]
) -> list[DueGroup]:
    groups: list[DueGroup] = []
    start, stop = due_window()
    queried = _queried({r.key: r.query(user, today, until) for r in providers if r.query is not None})
    for registered in providers:
        if registered.query is not None:
            items: list[DueItem] = queried.get(registered.key, [])
        else:
            items = registered.provider(user, today, until)
        total = items.total if isinstance(items, DueList) else len(items)
        items.sort(key=lambda item: (not item.overdue, item.date or datetime.date.max, item.title))
        shown = items if isinstance(items, DueList) else items[start:stop]  # a DueList is its window
        if shown:
            groups.append(DueGroup(registered.key, str(registered.label), shown, total))
    return groups


def waiting_for(user: AnyUser, today: datetime.date) -> list[DueGroup]:
    """Everything waiting for ``user`` (the page *Til mig*), most urgent kind first.

    Computed once per request: kept on the user object, like ``access_for``, so the page and the
    count in its header share one computation."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached: tuple[datetime.date, list[DueGroup]] | None = getattr(user, "_programkontor_waiting", None)
    if cached is None or cached[0] != today:
        groups = due_for(user, today)
        order = {group.key: index for index, group in enumerate(groups)}
        groups.sort(key=lambda group: (*group.urgency, order[group.key]))
        cached = (today, groups)
        user.__dict__["_programkontor_waiting"] = cached
    return cached[1]


def shared_rows(key: str, compute: Callable[[], _Rows]) -> _Rows:
    """``compute()`` once per ``due_for`` call under ``key``: providers of one app that read the same
    tables share their queries (called outside ``due_for``, each computes its own)."""
    cache = _shared.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cast(_Rows, cache[key])


def waiting_count(user: AnyUser, today: datetime.date) -> int:
    """How many items wait for ``user`` (the badge on the header's *Til mig* link)."""
    return sum(group.total for group in waiting_for(user, today))


# --------------------------------------------------------------------------------------------
# Dates other apps add to governance's annual cycle.


@dataclass(frozen=True)
class CycleScope:
    """What the annual cycle's page is narrowed to: a product, a program (its own and its products'
    rows) or the association's own (neither a product nor a program); all unset: everything."""

    product_id: int | None = None
    program_id: int | None = None
    association: bool | None = None


@dataclass(frozen=True)
class CycleDate:
    date: datetime.date
    title: str
    url: str
    context: str = ""  # product, program or supplier


CycleProvider = Callable[["AnyUser", datetime.date, datetime.date, CycleScope], list[CycleDate]]


@dataclass(frozen=True)
class RegisteredCycle:
    key: str
    provider: CycleProvider
    label: StrOrPromise  # the kind of date, as the filter offers it


_cycle_providers: dict[str, RegisteredCycle] = {}


def register_cycle_provider(key: str, provider: CycleProvider, *, label: StrOrPromise) -> None:
    """Add (or replace) a provider of annual-cycle dates under ``key``."""
    _cycle_providers[key] = RegisteredCycle(key, provider, label)


def cycle_providers() -> list[RegisteredCycle]:
    return sorted(_cycle_providers.values(), key=lambda registered: registered.key)


# --------------------------------------------------------------------------------------------
# Objects that agenda items and decisions can point at.

Candidates = Callable[[Any, int | None, int | None], models.QuerySet[Any]]


@dataclass(frozen=True)
class Linkable:
    model: type[models.Model]
    label: Any
    candidates: Candidates


_linkables: dict[str, Linkable] = {}


def key_of(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def register_linkable(model: type[models.Model], *, label: Any, candidates: Candidates) -> None:
    _linkables[key_of(model)] = Linkable(model, label, candidates)


def linkables() -> list[Linkable]:
    return sorted(_linkables.values(), key=lambda linkable: str(linkable.label))


def registered_linkable(key: str) -> Linkable | None:
    """The registered linkable model under ``app_label.model_name``, if any."""
    return _linkables.get(key)


# --------------------------------------------------------------------------------------------
# What the search finds.


def register_searchable(
    model: type[models.Model],
    *,
    label: str | Promise,
    fields: Sequence[str],
    select_related: Sequence[str] = (),
    order: int = 100,
) -> None:
    """Make ``model`` searchable (see ``core/search.py``, which keeps the index)."""
    from programkontor.core import search  # the index is a model: loaded once the apps are

    search.register_searchable(model, label=label, fields=fields, select_related=select_related, order=order)


# --------------------------------------------------------------------------------------------
# What a new database holds before anyone has used it.

_installed_by_migrate: set[str] = set()


def register_installed_by_migrate(*models_: type[models.Model]) -> None:
    """Rows of these models are written by ``migrate`` itself (a data migration, ``post_migrate``)."""
    _installed_by_migrate.update(key_of(model) for model in models_)


def installed_by_migrate() -> frozenset[str]:
    """The ``app_label.model_name`` of every model whose rows ``migrate`` writes."""
    return frozenset(_installed_by_migrate)


# --------------------------------------------------------------------------------------------
# What can be commented on (the dialogue app's threads).


@dataclass(frozen=True)
class Commentable:
    model: type[models.Model]
    label: StrOrPromise


_commentables: dict[str, Commentable] = {}


def register_commentable(model: type[models.Model], *, label: StrOrPromise) -> None:
    _commentables[key_of(model)] = Commentable(model, label)


def commentables() -> list[Commentable]:
    return list(_commentables.values())


def registered_commentable(key: str) -> Commentable | None:
    """The commentable model under ``app_label.model_name``, if any."""
    return _commentables.get(key)
