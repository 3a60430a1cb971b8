from __future__ import annotations

from typing import Any

from programkontor.core.list_export import ExportColumn
from programkontor.core.views import ArchiveView, ObjectDetailView, ObjectFormView, ObjectListView
from programkontor.portfolio.filters import PersonFilter
from programkontor.portfolio.forms import PersonForm
from programkontor.portfolio.models import Membership, Person, RoleAssignment


class PersonListView(ObjectListView):
    model = Person
    filterset_class = PersonFilter
    add_permission = "portfolio.add_person"
    # Writers create people to appoint them; they change a person once the person holds a role or seat.
    creator_may = "view"
    add_url_name = "portfolio:person_add"
    template_name = "portfolio/person_list.html"
    results_template_name = "portfolio/_person_results.html"
    export_columns = (
        "first_name",
        "last_name",
        "title",
        "organisation__name",
        ExportColumn("email", internal=True),
        ExportColumn("phone", internal=True),
        "is_public",
    )

    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("organisation")


class PersonDetailView(ObjectDetailView):
    model = Person
    template_name = "portfolio/person_detail.html"

    def visible(self) -> Any:
        return super().visible().select_related("organisation")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        person = self.object
        context["memberships"] = (
            Membership.objects.restrict(user, "view")
            .filter(person=person)
            .select_related("body", "body__product", "body__program", "represents")
            .order_by("end_date", "body__name")
        )
        context["role_assignments"] = (
            RoleAssignment.objects.restrict(user, "view")
            .filter(person=person)
            .select_related("product", "program", "organisation")
            .order_by("end_date", "role")
        )
        # Contact data: always for internal readers; otherwise only for public contacts.
        context["show_contact"] = context["internal"] or person.is_public
        return context


class PersonFormView(ObjectFormView):
    model = Person
    form_class = PersonForm
    add_permission = "portfolio.add_person"


class PersonArchiveView(ArchiveView):
    model = Person
