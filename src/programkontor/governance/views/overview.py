"""The governance hub ("Styring") with governance's part of what is due, and the panels on product,
program and body pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.utils import timezone
from django.views.generic import TemplateView

from programkontor.core import gate
from programkontor.core.registry import due_for
from programkontor.governance.models import CycleEvent, Decision, Mandate, Meeting
from programkontor.governance.selectors import (
    mandates_in_force,
    recent_decisions,
    upcoming_meetings,
)

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


class GovernanceView(TemplateView):
    """Decision log, meetings, mandates and annual cycle in one place."""

    template_name = "governance/index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            decisions=recent_decisions(user, limit=10),
            meetings=upcoming_meetings(user, limit=10),
            mandates=mandates_in_force(user, limit=10),
            can_add_decision=user.has_perm("governance.add_decision"),
            can_add_meeting=user.has_perm("governance.add_meeting"),
            due_panel={
                "groups": due_for(user, timezone.localdate(), prefix="governance.")
                if user.is_authenticated
                else []
            },
        )
        return context


def product_panel(request: HttpRequest, product: Any) -> dict[str, Any] | None:
    user = request.user
    decisions = recent_decisions(user, product=product)
    meetings = upcoming_meetings(user, product=product)
    mandates = mandates_in_force(user, product=product, limit=5)
    can_add = gate.allows(user, "change", product) or user.has_perm("governance.add_meeting")
    if not (decisions or meetings or mandates or gate.allows(user, "change", product)):
        return None
    return {
        "decisions": decisions,
        "meetings": meetings,
        "mandates": mandates,
        "query": f"product={product.slug}",
        "can_add": can_add and user.is_authenticated,
    }


def program_panel(request: HttpRequest, program: Any) -> dict[str, Any] | None:
    user = request.user
    decisions = recent_decisions(user, program=program)
    meetings = upcoming_meetings(user, program=program)
    if not (decisions or meetings or gate.allows(user, "change", program)):
        return None
    return {
        "decisions": decisions,
        "meetings": meetings,
        "mandates": [],
        "query": f"program={program.slug}",
        "can_add": gate.allows(user, "change", program),
    }


def body_panel(request: HttpRequest, body: Any) -> dict[str, Any] | None:
    user = request.user
    meetings = list(gate.restrict(Meeting, user, "view").filter(body=body).order_by("-starts_at")[:8])
    decisions = list(
        gate.restrict(Decision, user, "view").filter(decided_by_body=body).order_by("-date", "-pk")[:5]
    )
    mandates = mandates_in_force(user, body=body, limit=5)
    events = list(gate.restrict(CycleEvent, user, "view").filter(body=body)[:5])
    can_change = gate.allows(user, "change", body) or (body.pk in getattr(_access(user), "bodies", ()))
    return {
        "body": body,
        "meetings": meetings,
        "decisions": decisions,
        "mandates": mandates,
        "events": events,
        "can_add": can_change,
    }


def _access(user: AnyUser) -> Any:
    from programkontor.core.access import access_for

    return access_for(user)


__all__ = ["GovernanceView", "Mandate", "body_panel", "product_panel", "program_panel"]
