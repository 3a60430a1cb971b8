"""The decision log: list, page, forms, the mandate routing, and the portfolio-wide public log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from programkontor.core import gate, services
from programkontor.core.views import (
    DeleteView,
    ObjectActionView,
    ObjectDetailView,
    ObjectFormView,
    ObjectListView,
)
from programkontor.governance import links
from programkontor.governance import services as governance
from programkontor.governance.filters import DecisionFilter
from programkontor.governance.forms import DecisionForm, DecisionLinkForm
from programkontor.governance.models import (
    PORTFOLIO_KINDS,
    AgendaItem,
    Decision,
    DecisionLink,
    DecisionStatus,
    Meeting,
)
from programkontor.governance.selectors import decisions_for_list, group_by_year
from programkontor.governance.views.common import CheckedPublishView
from programkontor.portfolio.models import Body, Product, Program


class DecisionListView(ObjectListView):
    model = Decision
    filterset_class = DecisionFilter
    add_permission = "governance.add_decision"
    add_url_name = "governance:decision_add"
    template_name = "governance/decision_list.html"
    results_template_name = "governance/_decision_results.html"
    export_columns = (
        "date",
        "title",
        "kind",
        "record_type",
        "status",
        "program__name",
        "product__name",
        "decided_by_body__name",
        "amount",
        "is_published",
    )

    def get_base_queryset(self) -> Any:
        return decisions_for_list(super().get_base_queryset()).order_by("-date", "-pk")


class DecisionDetailView(ObjectDetailView):
    model = Decision
    template_name = "governance/decision_detail.html"

    def visible(self) -> Any:
        return (
            super()
            .visible()
            .select_related(
                "product",
                "program",
                "decided_by_body",
                "co_decided_by_body",
                "mandate",
                "meeting__body",
                "agenda_item",
                "supersedes",
                "ratification_body",
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        decision = self.object
        visible = {
            "product": decision.product_id and gate.allows(user, "view", decision.product),
            "program": decision.program_id and gate.allows(user, "view", decision.program),
            "body": decision.decided_by_body_id and gate.allows(user, "view", decision.decided_by_body),
            "co_body": decision.co_decided_by_body_id
            and gate.allows(user, "view", decision.co_decided_by_body),
            "meeting": decision.meeting_id and gate.allows(user, "view", decision.meeting),
            "mandate": decision.mandate_id and gate.allows(user, "view", decision.mandate),
            "supersedes": decision.supersedes_id and gate.allows(user, "view", decision.supersedes),
        }
        context["visible"] = visible
        context["superseded_by"] = list(gate.restrict(Decision, user, "view").filter(supersedes=decision))
        context["links"] = links.resolve(
            user, gate.restrict(DecisionLink, user, "view").filter(decision=decision)
        )
        context["changed"] = links.changed_by(user, decision)
        context["may_decide"] = context["can_change"] and governance.may_decide(user, decision)
        verdict = governance.mandate_for_decision(decision) if context["internal"] else None
        context["mandate_verdict"] = verdict
        context["can_route"] = bool(
            context["can_change"]
            and verdict is not None
            and not verdict.within
            and decision.status != DecisionStatus.DECIDED
        )
        return context


class DecisionFormView(ObjectFormView):
    model = Decision
    form_class = DecisionForm
    add_permission = "governance.add_decision"
    agenda_item: AgendaItem | None = None

    def save(self, form: Any, fields: dict[str, Any]) -> Any:
        """Save the decision and, when it was recorded from an agenda item of its meeting, hang it on
        that item, in one transaction (a refused link leaves no half-saved decision)."""
        expected = form.cleaned_data.get("version")
        item = self.agenda_item
        with transaction.atomic():
            saved = governance.save_decision(
                actor=self.request.user,
                fields=fields,
                instance=self.object,
                expected_version=expected if expected is not None else -1,
            )
            if item is not None and saved.agenda_item_id is None and saved.meeting_id == item.meeting_id:
                saved = services.update(
                    saved,
                    actor=self.request.user,
                    expected_version=saved.version,
                    changes={"agenda_item": item},
                )
        return saved

    def get_initial(self) -> dict[str, Any]:
        if self.object is not None:
            return {}
        user = self.request.user
        query = self.request.GET
        initial: dict[str, Any] = {}
        if slug := query.get("product"):
            initial["product"] = gate.restrict(Product, user, "view").filter(slug=slug).first()
        if slug := query.get("program"):
            initial["program"] = gate.restrict(Program, user, "view").filter(slug=slug).first()
        if (pk := query.get("body")) and pk.isdigit():
            initial["decided_by_body"] = gate.restrict(Body, user, "view").filter(pk=pk).first()
        if (pk := query.get("item")) and pk.isdigit():
            item = (
                gate.restrict(AgendaItem, user, "change")
                .filter(pk=pk)
                .select_related("meeting__body")
                .first()
            )
            if item is not None:
                initial.update(
                    meeting=item.meeting,
                    decided_by_body=item.meeting.body,
                    date=item.meeting.date,
                    title=item.title,
                )
                self.agenda_item = item
        if (pk := query.get("meeting")) and pk.isdigit() and "meeting" not in initial:
            meeting = gate.restrict(Meeting, user, "change").filter(pk=pk).select_related("body").first()
            if meeting is not None:
                initial.update(meeting=meeting, decided_by_body=meeting.body, date=meeting.date)
        return initial

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.agenda_item = None
        if (pk := request.GET.get("item")) and pk.isdigit():
            self.agenda_item = gate.restrict(AgendaItem, request.user, "change").filter(pk=pk).first()
        return super().post(request, *args, **kwargs)


class DecisionPublishView(CheckedPublishView):
    model = Decision


class DecisionDeleteView(DeleteView):
    model = Decision

    def perform(self, *, version: int, reason: str) -> str:
        if self.object.status == DecisionStatus.DECIDED or self.object.is_published:
            messages.error(
                self.request, _("A decided or published decision stays in the log; supersede it instead.")
            )
            return self.object.get_absolute_url()  # type: ignore[no-any-return]
        super().perform(version=version, reason=reason)
        from django.urls import reverse

        return reverse("governance:decision_list")


class DecisionRouteView(ObjectActionView):
    """Route a decision that exceeds its mandate to the body that granted it."""

    model = Decision
    button = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        verdict = governance.mandate_for_decision(self.object)
        self.title = _("Route %(name)s for decision") % {"name": self.object}
        self.explanation = verdict.message if verdict else _("No mandate is involved.")
        self.button = _("Route for decision")
        return super().get_context_data(**kwargs)

    def perform(self, *, version: int, reason: str) -> str:
        try:
            routed = governance.route_for_decision(
                self.object, actor=self.request.user, expected_version=version
            )
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
            return self.object.get_absolute_url()  # type: ignore[no-any-return]
        decision = routed.decision
        if routed.agenda_item is None:
            messages.warning(
                self.request,
                _(
                    "%(name)s was routed to %(body)s, which has no coming meeting with an agenda still "
                    "open: put it on the agenda of its next meeting when that is planned."
                )
                % {"name": decision, "body": decision.decided_by_body},
            )
            return decision.get_absolute_url()
        messages.success(
            self.request,
            _("%(name)s was routed to %(body)s and put on the agenda of %(meeting)s.")
            % {"name": decision, "body": decision.decided_by_body, "meeting": routed.agenda_item.meeting},
        )
        return routed.agenda_item.meeting.get_absolute_url()


class DecisionLinkAddView(ObjectFormView):
    model = DecisionLink
    form_class = DecisionLinkForm
    add_permission = "governance.add_decision"
    parent_model = Decision
    parent_lookup = "pk"
    parent_field = "decision"

    def save(self, form: Any, fields: dict[str, Any]) -> Any:
        # The form's choice is a key ("governance.decision:4"), not the model's generic relation.
        target = fields.pop("target", None)
        if target:
            parsed = links.parse_choice(target)
            if parsed is None:
                raise ValidationError({"target": _("Choose an object from the list.")})
            fields["target_type"], fields["target_id"] = parsed
        return services.create(DecisionLink, actor=self.request.user, fields=fields)


class DecisionLinkDeleteView(DeleteView):
    model = DecisionLink


class PublicLogView(TemplateView):
    """The portfolio-wide log: published decisions on levels, admissions, exits, pauses and closures,
    grouped by year like OS2's published log. Everyone sees the same page."""

    template_name = "governance/public_log.html"

    def decisions(self) -> list[Decision]:
        return list(
            gate.restrict(Decision, None, "view")
            .filter(kind__in=sorted(PORTFOLIO_KINDS), status=DecisionStatus.DECIDED)
            .select_related("product", "program", "decided_by_body")
            .order_by("-date", "-pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["years"] = group_by_year(self.decisions())
        return context


class PublicLogMarkdownView(PublicLogView):
    """The same log as Markdown, ready for OS2's documentation site."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        text = render_to_string("governance/public_log.md", {"years": group_by_year(self.decisions())})
        return HttpResponse(text, content_type="text/markdown; charset=utf-8")
