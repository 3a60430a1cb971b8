"""The secretariat's pages about personal data: a person's lawful basis, export and erasure, the
contacts inactive for long, and the processing activities."""

from __future__ import annotations

import json
import tomllib
from functools import cache
from pathlib import Path

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from programkontor.core import services as core_services
from programkontor.core.access import access_for
from programkontor.mail.views import SecretariatOnlyMixin
from programkontor.portfolio.models import Person
from programkontor.privacy import selectors, services
from programkontor.privacy.collect import export_document
from programkontor.privacy.forms import BasisForm, ErasureForm
from programkontor.privacy.models import PersonalDataBasis

ACTIVITIES_FILE = Path(__file__).parent / "data" / "processing_activities.toml"


def person_panel(request: HttpRequest, person: Person) -> dict[str, object] | None:
    """The panel on a person's page: lawful basis and source, export and erasure (the secretariat's)."""
    if not request.user.is_authenticated or not access_for(request.user).is_secretariat:
        return None
    basis = PersonalDataBasis.objects.filter(person=person).first()
    return {"basis": basis, "person": person}


class BasisView(SecretariatOnlyMixin, TemplateView):
    template_name = "core/object_form.html"

    def setup(self, request: HttpRequest, *args: object, **kwargs: object) -> None:
        super().setup(request, *args, **kwargs)
        self.person = get_object_or_404(Person, pk=kwargs["pk"])
        self.basis = PersonalDataBasis.objects.filter(person=self.person).first()

    def get_form(self, data: object = None) -> BasisForm:
        return BasisForm(
            data, instance=self.basis or PersonalDataBasis(person=self.person), user=self.request.user
        )

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context.update(
            object=self.basis,
            parent=self.person,
            verbose_name=PersonalDataBasis._meta.verbose_name,
            cancel_url=self.person.get_absolute_url(),
        )
        return context

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            services.save_basis(
                actor=request.user,
                person=self.person,
                lawful_basis=form.cleaned_data["lawful_basis"],
                source=form.cleaned_data["source"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data.get("version") if self.basis else None,
            )
        except core_services.ConflictError:
            form.add_error(None, _("Someone else changed this meanwhile. Reload the page and try again."))
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(request, _("The lawful basis of %(name)s is saved.") % {"name": self.person})
        return HttpResponseRedirect(self.person.get_absolute_url())


class ExportView(SecretariatOnlyMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = get_object_or_404(Person, pk=pk)
        document = export_document(person, now=timezone.now())
        response = HttpResponse(
            json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="persondata-{person.pk}.json"'
        return response


class EraseView(SecretariatOnlyMixin, TemplateView):
    template_name = "privacy/erase.html"

    def setup(self, request: HttpRequest, *args: object, **kwargs: object) -> None:
        super().setup(request, *args, **kwargs)
        self.person = get_object_or_404(Person.objects.select_related("user"), pk=kwargs["pk"])

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ErasureForm())
        context.update(person=self.person, held=selectors.open_roles(self.person, timezone.localdate()))
        return context

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        form = ErasureForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            services.erase_person(actor=request.user, person_id=self.person.pk)
        except services.ErasureRefused as refused:
            form.add_error(None, " ".join(refused.messages))
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(
            request, _("The personal data of person #%(id)s are erased.") % {"id": self.person.pk}
        )
        return HttpResponseRedirect(self.person.get_absolute_url())


class InactiveView(SecretariatOnlyMixin, TemplateView):
    template_name = "privacy/inactive.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        months = selectors.inactive_months()
        cutoff = selectors.inactive_since(timezone.localdate(), months)
        context.update(months=months, cutoff=cutoff, people=list(selectors.inactive_people(cutoff)[:500]))
        return context


@cache
def processing_activities() -> list[dict[str, object]]:
    with ACTIVITIES_FILE.open("rb") as handle:
        return list(tomllib.load(handle)["activity"])


class ActivitiesView(SecretariatOnlyMixin, TemplateView):
    template_name = "privacy/activities.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["activities"] = processing_activities()
        context["months"] = selectors.inactive_months()
        return context
