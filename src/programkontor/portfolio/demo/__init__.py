"""The demo portfolio: a realistic, fictitious OS2 portfolio to try Programkontor out on.

:func:`load_demo` first builds a *plan* (:mod:`.plan`, its parts in :mod:`.specs` and :mod:`.people`)
— plain data generated deterministically from the tables in ``portfolio/data/``
(``demo_portfolio.toml``, ``demo_products.csv``, the municipalities and the cost elements) and a
seeded random generator — and then stores what is missing (:mod:`.store`), matched on
natural keys (municipality codes, slugs, e-mail addresses, body names, user names). Running it
again creates nothing and writes no history; ``reset=True`` first deletes everything in the
portfolio tables (with their history) and the demo users.

Everything except the municipalities, regions, state bodies, partners and OS2's product names is
fictitious: people, suppliers (their CVR numbers fail the modulus-11 check on purpose),
participations, groups and texts. E-mail addresses end in ``.dk.example`` — the ``.example``
top-level domain is reserved (RFC 2606), so no message can reach a real mailbox. Population
figures are Statistics Denmark's (FOLK1A, 1 January 2020).

The demo logins share one well-known password, so the loader refuses to run unless
``settings.PROGRAMKONTOR_DEMO_ALLOWED`` is true.
"""

from programkontor.portfolio.demo.plan import DEMO_USERNAMES, build_plan
from programkontor.portfolio.demo.report import format_logins, format_summary, format_totals
from programkontor.portfolio.demo.specs import DEMO_PASSWORD, DemoError, DemoLogin, DemoNotAllowed
from programkontor.portfolio.demo.store import DemoSummary, check_allowed, delete_demo, demo_totals, load_demo

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_USERNAMES",
    "DemoError",
    "DemoLogin",
    "DemoNotAllowed",
    "DemoSummary",
    "build_plan",
    "check_allowed",
    "delete_demo",
    "demo_totals",
    "format_logins",
    "format_summary",
    "format_totals",
    "load_demo",
]
