"""The login page again, saying that a login through an identity provider did not succeed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from programkontor.accounts.sso.config import local_login, login_choices


def login_context() -> dict[str, object]:
    """What the login page shows besides the password form: a button per provider, and whether and
    for whom the password form is there."""
    return {"sso_choices": login_choices(), "local_login": local_login()}


def login_failed(request: HttpRequest, *, provider: str = "", unavailable: str = "") -> HttpResponse:
    """403 with the login page when a provider's answer was refused (the reason is in the log, not
    shown); 502 when the provider could not be reached."""
    from programkontor.accounts.forms import LoginForm

    if unavailable:
        message = _("%(provider)s cannot be reached just now. Try again in a moment.") % {
            "provider": unavailable
        }
        status = 502
    else:
        message = _("The login through %(provider)s did not succeed. Try again, or ask the secretariat.") % {
            "provider": provider or _("the identity provider")
        }
        status = 403
    context = {**login_context(), "form": LoginForm(request), "sso_error": message, "next": ""}
    return render(request, "accounts/login.html", context, status=status)
