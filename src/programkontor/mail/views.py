"""The outbox (the secretariat's), and each user's choice of digest of *Til mig*."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from programkontor.accounts.models import User
from programkontor.core import gate
from programkontor.core.access import access_for
from programkontor.core.views import ObjectListView
from programkontor.mail import services
from programkontor.mail.digest import user_for_off_token
from programkontor.mail.filters import OutboxFilter
from programkontor.mail.forms import DigestForm
from programkontor.mail.models import DigestFrequency, MessageStatus, OutboxMessage


class SecretariatOnlyMixin(LoginRequiredMixin):
    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        if request.user.is_authenticated and not access_for(request.user).is_secretariat:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OutboxView(SecretariatOnlyMixin, ObjectListView):
    model = OutboxMessage
    filterset_class = OutboxFilter
    template_name = "mail/outbox.html"
    results_template_name = "mail/_outbox_results.html"
    export_columns = ("created_at", "kind", "to", "subject", "status", "attempts", "sent_at")

    def get_base_queryset(self) -> QuerySet[OutboxMessage]:
        return gate.restrict(OutboxMessage, self.request.user, "view").defer(
            "body_text", "body_html", "attachments"
        )

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["failed"] = MessageStatus.FAILED
        return context


class SendAgainView(SecretariatOnlyMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        message = get_object_or_404(gate.restrict(OutboxMessage, request.user, "change"), pk=pk)
        try:
            services.send_again(actor=request.user, message=message)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The mail to %(to)s will be sent again.") % {"to": message.to})
        return HttpResponseRedirect(reverse("mail:outbox") + f"?status={MessageStatus.FAILED}")


class DigestView(LoginRequiredMixin, TemplateView):
    template_name = "mail/digest_settings.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context.setdefault(
            "form", DigestForm(initial={"frequency": services.digest_frequency(self.request.user)})
        )
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        form = DigestForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.set_digest(user=request.user, frequency=form.cleaned_data["frequency"])
        messages.success(request, _("Your choice is saved."))
        return HttpResponseRedirect(reverse("mail:digest"))


class DigestOffView(TemplateView):
    """The link in every digest: turns it off in one click, without logging in."""

    template_name = "mail/digest_off.html"

    def user(self) -> User:
        user_id = user_for_off_token(str(self.kwargs["token"]))
        user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
        if user is None:
            raise Http404
        return user

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        user = self.user()
        context["off"] = services.digest_frequency(user) == DigestFrequency.OFF
        return context

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        services.set_digest(user=self.user(), frequency=DigestFrequency.OFF)
        return self.render_to_response({"off": True, "done": True})
