"""Logging in and out through the real identity providers in Chromium (Playwright), as a person does."""

from __future__ import annotations

import re
from typing import Any

import pytest

from programkontor.accounts.models import User
from programkontor.core.access import compute_access
from tests.accounts.sso.conftest import PASSWORD, Sso
from tests.chromium import Problems

pytestmark = pytest.mark.browser


def no_problems(page: Any, problems: Problems, sso: Sso) -> None:
    """Nothing went wrong on Programkontor's pages (the test providers' own pages lack a favicon)."""
    providers = (sso.oidc.base, sso.saml.base)
    assert [
        error for error in problems.console_errors if not any(f"@ {base}/" in error for base in providers)
    ] == []
    assert problems.page_errors == []
    assert problems.csp_violations(page) == []


def test_an_oidc_login_and_logout_in_the_browser(page: Any, problems: Problems, sso_live: Sso) -> None:
    sso_live.oidc_user("sofie", ["pk-programleder"], given_name="Sofie", family_name="Lund")

    page.goto("/konto/log-ind/")
    no_problems(page, problems, sso_live)
    page.click("a[href='/konto/oidc/kk/log-ind/']")
    page.fill("#provider-username", "sofie")
    page.fill("#provider-password", PASSWORD)
    page.click("#provider-login")
    page.wait_for_url(re.compile(r"^http://localhost:\d+/$"))

    assert page.locator("header .portal-user p.user").inner_text() == "Sofie Lund"
    user = User.objects.get(first_name="Sofie")
    assert compute_access(user).programs_write == frozenset({sso_live.portfolio.program.pk})
    page.goto(sso_live.portfolio.program.get_absolute_url())
    assert "Velfærd" in page.locator("h1").inner_text()
    no_problems(page, problems, sso_live)

    page.click("header button:has-text('Log ud')")
    page.wait_for_url(re.compile(r"/konto/log-ind/"))  # back from the provider's logout
    assert page.locator("header .portal-user p.user").count() == 0
    # Logged out at the provider too: logging in again asks for the password.
    page.click("a[href='/konto/oidc/kk/log-ind/']")
    page.wait_for_selector("#provider-username")


def test_a_saml_login_and_single_logout_in_the_browser(page: Any, problems: Problems, sso_live: Sso) -> None:
    sso_live.saml_user("tove", ["pk-styregruppe"], givenName="Tove", sn="Krag")

    page.goto("/konto/log-ind/")
    page.click("a[href='/konto/saml/idp/log-ind/']")
    page.fill("#idp-username", "tove")
    page.fill("#idp-password", PASSWORD)
    page.click("#idp-login")
    page.wait_for_url(re.compile(r"^http://localhost:\d+/$"))

    assert page.locator("header .portal-user p.user").inner_text() == "Tove Krag"
    user = User.objects.get(first_name="Tove")
    assert sso_live.portfolio.steering.pk in compute_access(user).bodies
    no_problems(page, problems, sso_live)

    page.goto("/personer/")
    page.click("header button:has-text('Log ud')")
    # Via the IdP's single logout back to the front page, which sends visitors on to the portfolio.
    page.wait_for_url(re.compile(r"^http://localhost:\d+/portefoelje/$"))
    assert page.locator("header .portal-user p.user").count() == 0
    assert "tove" not in sso_live.saml.control(op="sessions")
    page.goto("/konto/log-ind/")
    page.click("a[href='/konto/saml/idp/log-ind/']")
    page.wait_for_selector("#idp-username")
