from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from programkontor.accounts.forms import ApiTokenForm, LoginForm
from programkontor.accounts.models import CalendarToken, User
from programkontor.accounts.services import (
    create_api_token,
    create_calendar_token,
    revoke_api_token,
    revoke_calendar_token,
)
from programkontor.accounts.sso.config import oidc_provider, saml_idp
from programkontor.accounts.sso.failure import login_context
from programkontor.accounts.sso.oidc import SSO_SESSION_KEY
from programkontor.accounts.sso.oidc import logout_url as oidc_logout_url
from programkontor.core.registry import calendar_feeds, public_calendar_feeds

#: Stands in for the secret when the page lists what an existing token gives (the secret is not known).
TOKEN_PLACEHOLDER = "__TOKEN__"  # noqa: S105 - not a secret


class LoginView(auth_views.LoginView):
    """A button per identity provider, and the password form as ``LOCAL_LOGIN`` allows it."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **login_context()}


class LogoutView(auth_views.LogoutView):
    """Logs out on POST only (a link cannot log anyone out). A user who came through an identity
    provider is logged out there as well: OpenID Connect's RP-initiated logout, SAML's single logout."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        sso = request.session.get(SSO_SESSION_KEY) if request.user.is_authenticated else None
        at_provider: str | None = None
        provider = ""
        if isinstance(sso, dict) and sso.get("protocol") == "saml":
            from programkontor.accounts.sso.saml import SamlLogoutInitView

            idp = saml_idp(str(sso.get("provider", "")))
            provider = idp.name if idp else ""
            started: HttpResponse = SamlLogoutInitView.as_view()(request)  # logs out here
            if started.status_code != 302 or url_has_allowed_host_and_scheme(started["Location"], None):
                return started
            at_provider = started["Location"]
        elif isinstance(sso, dict) and sso.get("protocol") == "oidc":
            at_provider = oidc_logout_url(request, sso)
            config = oidc_provider(str(sso.get("provider", "")))
            provider = config.name if config else ""
        if not at_provider:
            return super().post(request, *args, **kwargs)
        logout(request)
        # The page's CSP lets a form lead only to this site: a page of ours goes on to the provider.
        return render(request, "accounts/logout_continue.html", {"url": at_provider, "provider": provider})


def signed_in(request: HttpRequest) -> User:
    """The user of a view behind LoginRequiredMixin."""
    if not isinstance(request.user, User):
        raise PermissionError("a signed-in user was expected")
    return request.user


class ApiTokenView(LoginRequiredMixin, FormView):  # type: ignore[type-arg]
    """The user's own API tokens: create (the value is shown once) and revoke."""

    form_class = ApiTokenForm
    template_name = "accounts/tokens.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["tokens"] = signed_in(self.request).api_tokens.all()
        return context

    def form_valid(self, form: ApiTokenForm) -> HttpResponse:
        token, raw = create_api_token(
            user=signed_in(self.request),
            name=form.cleaned_data["name"],
            valid_days=form.cleaned_data["valid_days"],
        )
        messages.success(
            self.request,
            _("The token %(name)s was created. Copy it now: it is not shown again.") % {"name": token.name},
        )
        return self.render_to_response(self.get_context_data(form=self.form_class(), new_token=raw))


class ApiTokenRevokeView(LoginRequiredMixin, FormView):  # type: ignore[type-arg]
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if revoke_api_token(user=signed_in(request), token_id=kwargs["pk"]):
            messages.success(request, _("The token was revoked."))
        else:
            messages.error(request, _("No such token."))
        return HttpResponseRedirect(reverse("accounts:tokens"))


class CalendarTokenView(LoginRequiredMixin, TemplateView):
    """The user's one calendar address secret, for the feeds of every app: create or replace it (the
    addresses are shown once) and revoke it. The apps' feeds come from the registry."""

    template_name = "accounts/calendar.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        request, user = self.request, self.request.user
        token = CalendarToken.objects.filter(user_id=int(user.pk or 0)).first()
        context["token"] = token
        if kwargs.get("new_token"):
            context["created"] = True
            context["new_feeds"] = calendar_feeds(request, user, kwargs["new_token"])
        elif token is not None:
            # What the address gives, with the start of the secret in place of the whole.
            masked = f"{token.hint}…"
            context["feeds"] = [
                (label, url.replace(TOKEN_PLACEHOLDER, masked))
                for label, url in calendar_feeds(request, user, TOKEN_PLACEHOLDER)
            ]
        context["public_feeds"] = public_calendar_feeds(request)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _token, raw = create_calendar_token(user=signed_in(request))
        messages.success(
            request,
            _("Your new calendar address is below. Earlier addresses no longer work."),
        )
        return self.render_to_response(self.get_context_data(new_token=raw))


class CalendarTokenRevokeView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if revoke_calendar_token(user=signed_in(request)):
            messages.success(
                request, _("Your calendar address was revoked; calendars using it get nothing more.")
            )
        else:
            messages.info(request, _("You have no calendar address."))
        return HttpResponseRedirect(reverse("accounts:calendar"))
