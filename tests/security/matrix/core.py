"""Rows for the pages every app shares: health, login, API tokens and the calendar address, the API's
root, schema and docs."""

from __future__ import annotations

from typing import Any

from programkontor.accounts.services import create_api_token
from tests.security.matrix import EDIT_PRODUCT, LOGGED_IN, Row, everyone

LOGGED_IN_REDIRECT = everyone("redirect").replace("A:redirect", "A:login")


def _carols_job(w: Any) -> dict[str, Any]:
    from programkontor.core.models import Job

    return {"pk": Job.objects.create(kind="test", title="Carols opgave", owner=w["carol"]).pk}


def _provider(w: Any) -> dict[str, Any]:
    return {"provider": "kk"}


def _risk_to_review(w: Any) -> dict[str, Any]:
    """A risk on OS2alpha due for review today: waiting for those who may change it."""
    import datetime

    from tests.planning.factories import RiskFactory

    RiskFactory(product=w.product, title="Gennemgå mig", review_date=datetime.date.today())
    return {"key": "planning.risks"}


def _alices_token(w: Any) -> dict[str, Any]:
    return {"pk": create_api_token(user=w["alice"], name="x")[0].pk}


WEB: dict[str, Row] = {
    "health": Row(outcomes=everyone("ok")),
    "healthz": Row(outcomes=everyone("ok")),
    "accounts:login": Row(outcomes=everyone("redirect").replace("A:redirect", "A:ok")),
    "accounts:logout": Row(outcomes=everyone("redirect"), method="post"),
    # Single sign-on: every address names a configured provider, or is SAML's; without any configured
    # (as here) they do not exist. tests/accounts/sso/ runs them against real identity providers.
    "accounts:oidc_login": Row(_provider, everyone("missing")),
    "accounts:oidc_callback": Row(_provider, everyone("missing")),
    "accounts:saml_login": Row(_provider, everyone("missing")),
    "accounts:saml_acs": Row(outcomes=everyone("missing"), method="post"),
    "accounts:saml_ls": Row(outcomes=everyone("missing")),
    "accounts:saml_ls_post": Row(outcomes=everyone("missing"), method="post"),
    "accounts:saml_metadata": Row(outcomes=everyone("missing")),
    "accounts:tokens": Row(outcomes=LOGGED_IN),
    "accounts:token_revoke": Row(
        _alices_token,
        "A:login S:redirect B:redirect G:redirect C:redirect D:redirect E:redirect F:redirect M:redirect",
        method="post",
    ),
    # The user's own calendar address secret: everyone logged in has their own.
    "accounts:calendar": Row(outcomes=LOGGED_IN),
    "accounts:calendar_revoke": Row(outcomes=LOGGED_IN_REDIRECT, method="post"),
    # A background job: its owner (carol) and the secretariat; for anyone else it does not exist.
    "core:job_detail": Row(
        _carols_job, "A:login S:ok B:missing G:missing C:ok D:missing E:missing F:missing M:missing"
    ),
    # "Til mig", the front page: everyone's own list; anonymous visitors go on to the portfolio.
    "core:for_me": Row(outcomes=LOGGED_IN.replace("A:login", "A:redirect")),
    "core:for_me_count": Row(outcomes=LOGGED_IN),
    # One kind of what waits (its own page, and Til mig's "Show more"): the risks to review wait for
    # those who may change OS2alpha's risks; for the others the kind has nothing, and is not found.
    "core:for_me_kind": Row(_risk_to_review, EDIT_PRODUCT.replace("denied", "missing")),
    # Search: everyone may search; what each finds is tested in tests/core/test_search.py.
    "core:search": Row(outcomes=everyone("ok")),
    "api:schema": Row(outcomes=everyone("ok")),
    "api:docs": Row(outcomes=everyone("ok")),
}

API: dict[tuple[str, str], Row] = {
    ("api:api-root", "get"): Row(outcomes=everyone("ok"), api=True),
}
