"""Chromium for every browser test: Playwright (sync API) driving Debian's Chromium against
pytest-django's live server, one Chromium per test process (two would refuse to start).

Chromium is launched once per session (about two seconds); every test gets a fresh browser
context (its own cookies) and page. Everything the page reports as an error — console errors,
uncaught exceptions and Content-Security-Policy violations — is collected in the ``problems`` fixture.

Set PLAYWRIGHT_CHROMIUM_EXECUTABLE to use another Chromium than /usr/bin/chromium; the tests are
skipped only when that file does not exist (``playwright install`` is not used).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.signals import request_finished, request_started

CHROMIUM = Path(os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium"))
# Flags known to work here: no sandbox (root in a container), and no background connections,
# which the closed network would refuse (and Chromium would report them as errors).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 8_000
PASSWORD = "et-langt-testkodeord-42"

# Runs in every document before the page's own scripts (Playwright injects it past the CSP):
# records each Content-Security-Policy violation the browser reports.
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const what = event.blockedURI || "inline";
  const where = `${event.sourceFile || "?"}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} blocked ${what} (${where})`);
});
"""


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (set PLAYWRIGHT_CHROMIUM_EXECUTABLE)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@dataclass
class Problems:
    """What went wrong in the browser while a test ran."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def csp_violations(self, page: Any) -> list[str]:
        """The violations recorded in the page's current document."""
        return list(page.evaluate("window.__cspViolations || []"))


@pytest.fixture
def problems() -> Problems:
    return Problems()


class _Answering:
    """How many requests the live server's threads are still answering (Django's request signals; the
    server's threads run in the test's process). A test's ``flush`` must wait for them: a request still
    reading (the header's badge, fetched by htmx) holds a lock that PostgreSQL's ``TRUNCATE`` waits for,
    while the request waits for a table the ``TRUNCATE`` already locked, and PostgreSQL ends one of
    them as a deadlock."""

    def __init__(self) -> None:
        self.count = 0
        self.changed = threading.Condition()

    def started(self, **kwargs: Any) -> None:
        if threading.current_thread() is not threading.main_thread():  # not the test client's
            with self.changed:
                self.count += 1

    def finished(self, **kwargs: Any) -> None:
        if threading.current_thread() is not threading.main_thread():
            with self.changed:
                self.count -= 1
                self.changed.notify_all()

    def wait_until_done(self, seconds: float) -> None:
        with self.changed:
            self.changed.wait_for(lambda: self.count <= 0, timeout=seconds)


ANSWERING = _Answering()
request_started.connect(ANSWERING.started, dispatch_uid="tests-live-server-answering")
request_finished.connect(ANSWERING.finished, dispatch_uid="tests-live-server-answering")


@pytest.fixture
def page(browser: Any, live_server: Any, transactional_db: None, problems: Problems) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(CSP_WATCH)
    tab = context.new_page()

    def on_console(message: Any) -> None:
        if message.type == "error":
            problems.console_errors.append(f"{message.text} @ {message.location.get('url', '?')}")

    tab.on("console", on_console)
    tab.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    yield tab
    context.close()
    ANSWERING.wait_until_done(seconds=30)  # before transactional_db's flush
