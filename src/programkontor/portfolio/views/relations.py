"""Rows that tie the portfolio together: participations, memberships, role assignments.

They are created from their parent's page (a product, a body, a program) and edited or removed
from there; the parent's writers may change them.
"""

from __future__ import annotations

from programkontor.core.views import DeleteView, ObjectFormView
from programkontor.portfolio.forms import MembershipForm, ParticipationForm, RoleAssignmentForm
from programkontor.portfolio.models import Body, Membership, Participation, Product, Program, RoleAssignment


class ParticipationAddView(ObjectFormView):
    model = Participation
    form_class = ParticipationForm
    add_permission = "portfolio.add_participation"
    parent_model = Product
    parent_field = "product"


class ParticipationEditView(ObjectFormView):
    model = Participation
    form_class = ParticipationForm


class ParticipationDeleteView(DeleteView):
    model = Participation


class MembershipAddView(ObjectFormView):
    model = Membership
    form_class = MembershipForm
    add_permission = "portfolio.add_membership"
    parent_model = Body
    parent_lookup = "pk"
    parent_field = "body"


class MembershipEditView(ObjectFormView):
    model = Membership
    form_class = MembershipForm


class MembershipDeleteView(DeleteView):
    model = Membership


class ProductRoleAddView(ObjectFormView):
    model = RoleAssignment
    form_class = RoleAssignmentForm
    add_permission = "portfolio.add_roleassignment"
    parent_model = Product
    parent_field = "product"


class ProgramRoleAddView(ObjectFormView):
    """Program managers are appointed by the secretariat (the program's own writers may not)."""

    model = RoleAssignment
    form_class = RoleAssignmentForm
    add_permission = "portfolio.appoint_program_manager"
    parent_model = Program
    parent_field = "program"


class RoleAssignmentEditView(ObjectFormView):
    model = RoleAssignment
    form_class = RoleAssignmentForm


class RoleAssignmentDeleteView(DeleteView):
    model = RoleAssignment
