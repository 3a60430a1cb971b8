"""The browser tests' small portfolio (Chromium itself: ``tests/chromium.py``, one per test process)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from tests import factories as f
from tests.chromium import PASSWORD, Problems

__all__ = ["PASSWORD", "Portfolio", "Problems", "log_in"]


@dataclass
class Portfolio:
    """A small portfolio: two programs, a program manager, and one published product."""

    welfare: Any
    infrastructure: Any
    alpha: Any  # product stage, Velfærd, private
    delta: Any  # sandbox project, Velfærd, private
    gamma: Any  # product stage, Infrastruktur, published
    manager: Any  # user: program manager of Velfærd


@pytest.fixture
def portfolio(transactional_db: None) -> Portfolio:
    welfare = f.ProgramFactory(name="Velfærd", slug="velfaerd")
    infrastructure = f.ProgramFactory(name="Infrastruktur", slug="infrastruktur", is_published=True)
    alpha = f.ProductFactory(
        program=welfare, name="OS2alpha", slug="os2alpha", summary="Sagsbehandling for borgere"
    )
    delta = f.ProductFactory(
        program=welfare, name="OS2delta", slug="os2delta", kind="project", stage="sandbox", level="sandbox"
    )
    gamma = f.ProductFactory(
        program=infrastructure,
        name="OS2gamma",
        slug="os2gamma",
        summary="Offentlig og synlig",
        is_published=True,
    )
    manager = f.UserFactory(username="birgitte", first_name="Birgitte", last_name="Nyborg", password=PASSWORD)
    person = f.PersonFactory(first_name="Birgitte", last_name="Nyborg", user=manager)
    f.RoleAssignmentFactory(person=person, role="program_manager", program=welfare, product=None)
    return Portfolio(welfare, infrastructure, alpha, delta, gamma, manager)


def log_in(page: Any, username: str) -> None:
    """Sign in with the test password through the login form; the front page (*Til mig*) follows."""
    page.goto(reverse("accounts:login"))
    page.fill("main form input[name=username]", username)
    page.fill("main form input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))
