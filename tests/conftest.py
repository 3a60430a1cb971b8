"""Shared fixtures: named users for each role of the brief, on one small portfolio.

alice  — secretariat (reads and writes everything)
bob    — program manager of program "Velfærd" (and so of its product OS2alpha)
carol  — product coordinator of OS2alpha
dave   — steering-group member of OS2alpha
erin   — supplier contact on OS2alpha for Leverandør ApS
frank  — board member
grace  — program manager of another program ("Infrastruktur")
mallory— logged in, but holds no role at all
"""

from __future__ import annotations

import faulthandler
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.db.models.signals import post_migrate
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

os.environ.setdefault("PROGRAMKONTOR_TESTING", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests import factories as f
from tests.chromium import browser, page, problems  # noqa: F401 - one Chromium per test process, for every browser test

# Property tests run beside a busy suite on 2 cores: a slow example is not a failure (no deadline, no
# too-slow health check); what they assert stays the same.
hypothesis_settings.register_profile(
    "programkontor", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("programkontor")

#: OS2's shared documents beside the project (``../shared/os2``: reference texts, templates, data and
#: the corpus of real files). Tests that need them skip with the path when they are absent.
OS2_SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "os2"


def os2_shared(*parts: str) -> Path:
    """A path in OS2's shared folder; skips the test, naming the path, when it is not there."""
    path = OS2_SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"OS2's shared files are not at {path}")
    return path


#: Copies of the files of OS2's corpus the tests read (``../shared/os2/corpus``, relative paths kept), so
#: that they run where the shared folder is not (CI); ``test_os2_corpus`` checks them against it there.
OS2_CORPUS = Path(__file__).resolve().parent / "fixtures" / "os2_corpus"


def os2_corpus(*parts: str) -> Path:
    """A file of OS2's corpus, from the copies in ``tests/fixtures/os2_corpus``."""
    return OS2_CORPUS.joinpath(*parts)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> Iterator[None]:
    """On SQLite, each test process's database is a file (in memory, on ``/dev/shm`` where there is one),
    not Django's shared in-memory database. A live server shares an in-memory database's one connection
    between its request threads, and CPython's sqlite3 asks SQLite's lock of that connection while
    holding Python's: one request reading column names waits for the lock that another holds while its
    statement calls a Python function (Django's SQL functions are) and waits for Python's lock. Both wait
    forever. With a file, every thread has its own connection, as in production."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        yield
        return
    shm = Path("/dev/shm")  # noqa: S108 - mkdtemp makes a private folder of its own there
    folder = tempfile.mkdtemp(prefix="programkontor-tests-", dir=shm if os.access(shm, os.W_OK) else None)
    database.setdefault("TEST", {})["NAME"] = str(Path(folder) / "test.sqlite3")
    try:
        yield
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _catalogues_after_flush(sender: Any, **kwargs: Any) -> None:
    """A test with ``transactional_db`` ends with ``flush``: it empties every table, OS2's catalogues
    (installed by migrations 0002 and 0004) among them, and then sends ``post_migrate`` without the
    ``plan`` that ``migrate`` sends. The catalogues are put back, so that the tests after it in the same
    process find them, as in every database that ``migrate`` makes."""
    if sender.label != "evaluation" or "plan" in kwargs:
        return
    from programkontor.evaluation.services import load_previous_catalogue

    load_previous_catalogue()  # the current one first, then the previous one, as the migrations do


post_migrate.connect(_catalogues_after_flush, dispatch_uid="tests-catalogues-after-flush")


#: Seconds one test may take before its process prints every thread's stack and exits (the slowest test
#: takes about 80 seconds on a busy machine). A hang then fails the run at once, naming the test, instead
#: of holding CI until its limit; faulthandler's watchdog is a C thread, so it fires even when a
#: deadlock holds Python's lock, where a timer written in Python could not run.
HANG_SECONDS = int(os.environ.get("PROGRAMKONTOR_TEST_HANG_SECONDS", "600"))
_HANG_REPORT: dict[str, int] = {}


def pytest_configure(config: pytest.Config) -> None:
    # The real standard error, taken while pytest's capture is off: a dump into a captured stream
    # would be lost when the process exits.
    _HANG_REPORT["fd"] = os.dup(sys.__stderr__.fileno() if sys.__stderr__ else 2)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    if HANG_SECONDS > 0:
        faulthandler.dump_traceback_later(HANG_SECONDS, exit=True, file=_HANG_REPORT["fd"])
    try:
        yield
    finally:
        if HANG_SECONDS > 0:
            faulthandler.cancel_dump_traceback_later()


@pytest.fixture(autouse=True)
def _no_lockout_leak(settings: Any) -> None:
    settings.AXES_ENABLED = True


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts without what an earlier one cached (``core.unchanged_cache``): a rolled-back
    test's history ids are given out again on SQLite, so a mark alone could match another test's data."""
    from django.core.cache import cache

    cache.clear()


@dataclass
class World:
    program: Any
    other_program: Any
    product: Any
    other_product: Any
    published_product: Any
    steering: Any
    supplier: Any
    municipality: Any
    users: dict[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.users[name]


def _user_with_person(username: str, **user_fields: Any) -> tuple[Any, Any]:
    user = f.UserFactory(
        username=username, first_name=username.capitalize(), last_name="Testsen", **user_fields
    )
    person = f.PersonFactory(
        first_name=username.capitalize(), last_name="Testsen", user=user, email=f"{username}@example.org"
    )
    return user, person


def build_world() -> World:
    """The small portfolio and its named users (the module docstring), created in the database."""
    program = f.ProgramFactory(name="Velfærd", slug="velfaerd")
    other_program = f.ProgramFactory(name="Infrastruktur", slug="infrastruktur")
    product = f.ProductFactory(program=program, name="OS2alpha", slug="os2alpha")
    other_product = f.ProductFactory(program=other_program, name="OS2beta", slug="os2beta")
    published_product = f.ProductFactory(
        program=other_program, name="OS2gamma", slug="os2gamma", is_published=True
    )
    other_program.is_published = True
    other_program.save()
    municipality = f.MunicipalityFactory(name="Testrup Kommune", slug="testrup", municipality_code="999")
    f.ParticipationFactory(product=product, organisation=municipality)
    supplier = f.SupplierFactory(name="Leverandør ApS", slug="leverandoer")
    steering = f.BodyFactory(product=product, name="Styregruppen for OS2alpha")

    users: dict[str, Any] = {}
    users["alice"], _ = _user_with_person("alice", is_secretariat=True)
    users["bob"], bob = _user_with_person("bob")
    f.RoleAssignmentFactory(person=bob, role="program_manager", program=program, product=None)
    users["carol"], carol = _user_with_person("carol")
    f.RoleAssignmentFactory(person=carol, role="product_coordinator", product=product)
    users["dave"], dave = _user_with_person("dave")
    f.MembershipFactory(person=dave, body=steering, role="member")
    users["erin"], erin = _user_with_person("erin")
    f.RoleAssignmentFactory(person=erin, role="supplier_contact", product=product, organisation=supplier)
    users["frank"], frank = _user_with_person("frank")
    board = f.BodyFactory(kind="board", name="Bestyrelsen", product=None)
    f.MembershipFactory(person=frank, body=board, role="member")
    users["grace"], grace = _user_with_person("grace")
    f.RoleAssignmentFactory(person=grace, role="program_manager", program=other_program, product=None)
    users["mallory"], _ = _user_with_person("mallory")
    return World(
        program=program,
        other_program=other_program,
        product=product,
        other_product=other_product,
        published_product=published_product,
        steering=steering,
        supplier=supplier,
        municipality=municipality,
        users=users,
    )


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@contextmanager
def kept_for_module(django_db_blocker: Any) -> Iterator[None]:
    """For a module-scoped fixture: the rows made inside stay for the module's tests (each test's own
    writes are rolled back after it, in a savepoint of this transaction) and are rolled back after the
    module, so a module of thousands of cases builds its data once."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def api(world: World) -> Callable[[str | None], APIClient]:
    """``api("bob")`` is an API client with bob's session; ``api(None)`` is an anonymous one."""

    def make(name: str | None = None) -> APIClient:
        client = APIClient()
        if name is not None:
            client.force_login(world[name])
        return client

    return make


#: Fixtures through which a test reaches the database (directly, or by a live server or a module-wide load;
#: not ``django_db_blocker``, which pytest-django gives every test).
DATABASE_FIXTURES = frozenset({"db", "transactional_db", "django_db_setup", "live_server"})


def uses_database(item: pytest.Item) -> bool:
    """Whether a test can reach the database: by a fixture, the ``django_db`` mark, or a child process
    given the database's address (mark such a test ``database``)."""
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(
        fixtures & DATABASE_FIXTURES
        or item.get_closest_marker("django_db")
        or item.get_closest_marker("database")
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With ``PROGRAMKONTOR_DATABASE_TESTS_ONLY=1`` (CI's second pass, on PostgreSQL) only the tests that
    reach the database run: a test without one does the same on every database, and ran in the first pass."""
    if os.environ.get("PROGRAMKONTOR_DATABASE_TESTS_ONLY") != "1":
        return
    kept = [item for item in items if uses_database(item)]
    skipped = [item for item in items if not uses_database(item)]
    if skipped:
        config.hook.pytest_deselected(items=skipped)
        items[:] = kept
