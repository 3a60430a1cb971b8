"""What the economy's views share: the owner of a new row, confirmed actions, the year parameter."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from programkontor.core import gate, services
from programkontor.core.access import access_for
from programkontor.core.forms import GatedModelForm
from programkontor.core.views import ConfirmView, ObjectFormView
from programkontor.economy.forms import OwnerChoiceForm, VersionForm
from programkontor.economy.rules import may_change_economy_of
from programkontor.portfolio.models import Product


def year_param(request: HttpRequest, name: str = "year", default: int | None = None) -> int:
    value = request.GET.get(name, "")
    if not value:
        return default if default is not None else timezone.localdate().year
    if not value.isdigit() or not 2000 <= int(value) <= 2100:
        raise Http404
    return int(value)


def error_messages(exc: DjangoValidationError) -> list[str]:
    return [str(message) for message in exc.messages]


def resolve_owner(request: HttpRequest) -> tuple[bool, Product | None]:
    """The owner named in the query string: ``?product=<slug>`` or ``?association=1``.

    Returns (named, product): named is False when the query names no owner. A product the user may
    not see is not found.
    """
    slug = request.GET.get("product", "")
    if slug:
        return True, get_object_or_404(Product.objects.restrict(request.user, "view"), slug=slug)
    if request.GET.get("association") in ("1", "true", "True"):
        return True, None
    return False, None


class OwnerFormView(ObjectFormView):
    """Create a row for a product (``?product=<slug>``) or the association (``?association=1``);
    without an owner in the query, ask for one. Editing works as in ``ObjectFormView``."""

    template_name = "economy/object_form.html"
    owner_required_year: ClassVar[bool] = False
    owner: Product | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.parent = None
        self.object = None
        self.choosing = False
        if "pk" in kwargs:
            self.object = self.get_object()
            if not gate.allows(request.user, "change", self.object):
                raise PermissionDenied
            self.owner = self.object.product
        else:
            if not (self.add_permission and request.user.has_perm(self.add_permission)):
                raise PermissionDenied
            named, self.owner = resolve_owner(request)
            if not named:
                self.choosing = True
            elif not may_change_economy_of(request.user, self.owner):
                raise PermissionDenied
        return TemplateView.dispatch(self, request, *args, **kwargs)

    def new_instance(self) -> Any:
        instance = self.form_class._meta.model(product=self.owner)
        return instance

    def get_form(self, data: Any = None) -> GatedModelForm:
        instance = self.object if self.object is not None else self.new_instance()
        return self.form_class(data, instance=instance, user=self.request.user, initial=self.get_initial())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["owner"] = self.owner
        context["owner_named"] = not self.choosing
        if self.object is None and self.owner is not None:
            context["cancel_url"] = self.owner.get_absolute_url()
        return context

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.choosing:
            return self.render_chooser()
        return super().get(request, *args, **kwargs)

    def render_chooser(self) -> HttpResponse:
        form = OwnerChoiceForm(
            user=self.request.user, association=access_for(self.request.user).is_secretariat
        )
        model = self.form_class._meta.model
        return self.response_class(
            request=self.request,
            template=["economy/owner_chooser.html"],
            context={"form": form, "verbose_name": model._meta.verbose_name, "extra": self.request.GET},
            using=self.template_engine,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.choosing:
            return self.render_chooser()
        return super().post(request, *args, **kwargs)

    def create_object(self, form: GatedModelForm, fields: dict[str, Any]) -> Any:
        return self.create({**fields, "product": self.owner})

    def create(self, fields: dict[str, Any]) -> Any:
        """Create the new row from its fields, the owner included (override for a domain service)."""
        return services.create(self.form_class._meta.model, actor=self.request.user, fields=fields)


class ActionView(ConfirmView):
    """A confirmed step on an object (propose, approve, check, ...) through a domain service.

    GET shows what will happen; POST with the version the user saw does it. A rule that forbids the
    step shows its reason; a stale version says someone else was first.
    """

    template_name = "economy/confirm.html"
    form_class: ClassVar[type[forms.BaseForm]] = VersionForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.object.get_absolute_url()
        return context

    def perform(self, form: Any) -> str:
        """Do the step; return the URL to go to afterwards."""
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            target = self.perform(form)
        except services.ConflictError:
            messages.error(
                request,
                _("Someone changed %(name)s in the meantime. Look at it again first.")
                % {"name": self.object},
            )
            return HttpResponseRedirect(self.object.get_absolute_url())
        except DjangoValidationError as exc:
            for message in error_messages(exc):
                form.add_error(None, message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        except models.ProtectedError:
            messages.error(
                request, _("%(name)s cannot be removed: other records refer to it.") % {"name": self.object}
            )
            return HttpResponseRedirect(self.object.get_absolute_url())
        return HttpResponseRedirect(target)
