"""The permission matrix: every URL of the application, for every kind of user.

Each row names a URL (by its route name), how to build its arguments from the test world, the
HTTP method, and the outcome for each user:

    ok        the page or action works (200/201/204)
    redirect  a redirect that is not the login page (302)
    login     anonymous visitors are sent to log in (web: 302 to the login page; API: 401)
    denied    the user may see the object but not do this (403)
    missing   the object is not found: its existence is not revealed (404)
    invalid   allowed, but the data names something the user may not use (400)
    notallowed  the API route does not take this method (405; read-only endpoints)

Users (see tests/conftest.py): A anonymous, S alice (secretariat), B bob (program manager of the
object's program), G grace (program manager of another program), C carol (product coordinator),
D dave (steering-group member), E erin (supplier contact), F frank (board), M mallory (no role).

A URL without a row makes ``test_every_url_has_a_row`` fail: adding a page means deciding who
may use it. Each app keeps its rows in a module of this package (``WEB`` and ``API`` dicts);
``tests/security/test_permission_matrix.py`` collects them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

USERS = {
    "A": None,
    "S": "alice",
    "B": "bob",
    "G": "grace",
    "C": "carol",
    "D": "dave",
    "E": "erin",
    "F": "frank",
    "M": "mallory",
}

WEB_STATUS = {"ok": 200, "redirect": 302, "login": 302, "denied": 403, "missing": 404, "invalid": 400}
API_STATUS = {
    "ok": (200, 201, 202, 204),
    "login": (401,),
    "denied": (403,),
    "missing": (404,),
    "invalid": (400,),
    "notallowed": (405,),
}


@dataclass(frozen=True)
class Row:
    kwargs: Callable[[Any], dict[str, Any]] = lambda w: {}
    outcomes: str = ""
    method: str = "get"
    data: Callable[[Any], dict[str, Any]] | None = None
    api: bool = False
    expect: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        parsed = dict(part.split(":") for part in self.outcomes.split())
        missing = set(USERS) - set(parsed)
        if missing:
            raise ValueError(f"Row lacks outcomes for {sorted(missing)}")
        object.__setattr__(self, "expect", parsed)


def everyone(outcome: str) -> str:
    return " ".join(f"{key}:{outcome}" for key in USERS)


# Who may do what with the private product OS2alpha (program Velfærd) and things hanging on it.
READ_PRODUCT = "A:missing S:ok B:ok G:missing C:ok D:ok E:ok F:ok M:missing"
EDIT_PRODUCT = "A:login S:ok B:ok G:missing C:ok D:denied E:denied F:denied M:missing"
READ_PROGRAM = "A:missing S:ok B:ok G:missing C:ok D:ok E:ok F:ok M:missing"
EDIT_PROGRAM = "A:login S:ok B:ok G:missing C:denied D:denied E:denied F:denied M:missing"
APPOINT_PM = "A:login S:ok B:denied G:missing C:denied D:denied E:denied F:denied M:missing"
READ_BODY = "A:missing S:ok B:ok G:missing C:ok D:ok E:missing F:ok M:missing"
EDIT_BODY = "A:login S:ok B:ok G:missing C:ok D:denied E:missing F:denied M:missing"
EDIT_ROLE = "A:login S:ok B:ok G:missing C:ok D:denied E:denied F:denied M:missing"
READ_PERSON = "A:missing S:ok B:ok G:ok C:ok D:ok E:missing F:ok M:missing"
EDIT_PERSON = "A:login S:ok B:ok G:denied C:ok D:ok E:missing F:denied M:missing"
SECRETARIAT_ONLY = "A:login S:ok B:denied G:denied C:denied D:denied E:denied F:denied M:denied"
WRITERS = "A:login S:ok B:ok G:ok C:ok D:denied E:denied F:denied M:denied"
PROGRAM_WRITERS = "A:login S:ok B:ok G:ok C:denied D:denied E:denied F:denied M:denied"
LOGGED_IN = "A:login S:ok B:ok G:ok C:ok D:ok E:ok F:ok M:ok"


def pk_of(obj: Callable[[Any], Any]) -> Callable[[Any], dict[str, Any]]:
    """Row arguments ``{"pk": ...}`` of the object ``obj(world)`` returns."""
    return lambda w: {"pk": obj(w).pk}
