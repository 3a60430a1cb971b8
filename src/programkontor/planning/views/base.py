"""What planning's views share: forms that save through planning's services, HTMX helpers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from programkontor.core import services
from programkontor.core.forms import GatedModelForm
from programkontor.core.views import ObjectFormView


class ServiceFormView(ObjectFormView):
    """An :class:`ObjectFormView` whose saving can be done by a planning service.

    Override :meth:`create_object` / :meth:`update_object`; both get the form and the cleaned model
    fields and return the saved object. Validation errors of the service land in the form.
    """

    def create_object(self, form: GatedModelForm, fields: dict[str, Any]) -> Any:
        return services.create(form._meta.model, actor=self.request.user, fields=fields)

    def update_object(self, form: GatedModelForm, fields: dict[str, Any], expected: int) -> Any:
        return services.update(
            self.object, actor=self.request.user, expected_version=expected, changes=fields
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        fields = form.writable_data()
        if self.parent is not None and self.parent_field:
            fields[self.parent_field] = self.parent
        try:
            if self.object is None:
                saved = self.create_object(form, fields)
                messages.success(request, _("%(name)s was created.") % {"name": saved})
            else:
                expected = form.cleaned_data.get("version")
                saved = self.update_object(form, fields, expected if expected is not None else -1)
                messages.success(request, _("Your changes to %(name)s were saved.") % {"name": saved})
        except services.ConflictError as conflict:
            return self.conflict_response(form, conflict.current)
        except DjangoValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        return HttpResponseRedirect(self.success_url(saved))
