"""Bases of governance's views: form views whose save is a governance service."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from programkontor.core import services
from programkontor.core.forms import GatedModelForm
from programkontor.core.views import ObjectFormView, PublishView
from programkontor.governance import services as governance


class ServiceFormView(ObjectFormView):
    """An :class:`ObjectFormView` whose writes go through :meth:`save` (a governance service) and must
    leave the object within what the user may change."""

    success_message_created: ClassVar[str] = ""

    def save(self, form: GatedModelForm, fields: dict[str, Any]) -> Any:
        if self.object is None:
            return governance.create_checked(form._meta.model, actor=self.request.user, fields=fields)
        expected = form.cleaned_data.get("version")
        return governance.update_checked(
            self.object,
            actor=self.request.user,
            expected_version=expected if expected is not None else -1,
            changes=fields,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        fields = form.writable_data()
        if self.parent is not None and self.parent_field:
            fields[self.parent_field] = self.parent
        created = self.object is None
        try:
            saved = self.save(form, fields)
        except services.ConflictError as conflict:
            return self.conflict_response(form, conflict.current)
        except DjangoValidationError as exc:
            if hasattr(exc, "error_dict"):
                _add_errors(form, exc)
            else:
                form.add_error(None, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if created:
            messages.success(request, _("%(name)s was created.") % {"name": saved})
        else:
            messages.success(request, _("Your changes to %(name)s were saved.") % {"name": saved})
        return HttpResponseRedirect(self.success_url(saved))


def _add_errors(form: GatedModelForm, exc: DjangoValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class CheckedPublishView(PublishView):
    """Publishing runs the object's validation (an unapproved meeting cannot be published): a refusal
    is shown as a message instead of an error page."""

    def perform(self, *, version: int, reason: str) -> str:
        try:
            return super().perform(version=version, reason=reason)
        except DjangoValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
            return self.object.get_absolute_url()  # type: ignore[no-any-return]
