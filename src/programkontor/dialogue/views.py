"""The dialogue log's pages: the list (filters: organisation, person, product, program, kind, with
whom, period), an entry's page with its follow-ups, the forms, and the done/not-done button; the comments on
one object."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from programkontor.core import gate
from programkontor.core.forms import ConfirmForm, GatedModelForm
from programkontor.core.registry import registered_commentable
from programkontor.core.views import (
    ArchiveView,
    DeleteView,
    ObjectActionView,
    ObjectDetailView,
    ObjectFormView,
    ObjectListView,
)
from programkontor.dialogue import comments, services
from programkontor.dialogue.filters import EntryFilter
from programkontor.dialogue.forms import CommentForm, EntryForm, FollowUpForm
from programkontor.dialogue.models import Entry, FollowUp, Party
from programkontor.dialogue.selectors import visible_entries
from programkontor.portfolio.models import Organisation, OrganisationKind, Person, Product, Program


class EntryListView(LoginRequiredMixin, ObjectListView):
    """Internal notes: visitors are asked to log in."""

    model = Entry
    filterset_class = EntryFilter
    add_permission = "dialogue.add_entry"
    add_url_name = "dialogue:entry_add"
    template_name = "dialogue/entry_list.html"
    results_template_name = "dialogue/_entry_results.html"
    export_columns = (
        "date",
        "kind",
        "party",
        "title",
        "product__name",
        "program__name",
    )

    def get_base_queryset(self) -> QuerySet[Entry]:
        return visible_entries(self.request.user)


class EntryDetailView(ObjectDetailView):
    model = Entry
    template_name = "dialogue/entry_detail.html"

    def visible(self) -> QuerySet[Entry]:
        return gate.restrict(Entry, self.request.user, "view").select_related("product", "program", "author")

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context: dict[str, object] = super().get_context_data(**kwargs)
        entry: Entry = self.object
        user = self.request.user
        follow_ups = list(entry.follow_ups.select_related("owner"))
        changeable = set(
            gate.restrict(FollowUp, user, "change")
            .filter(pk__in=[row.pk for row in follow_ups])
            .values_list("pk", flat=True)
        )
        context.update(
            follow_ups=[(row, row.pk in changeable) for row in follow_ups],
            organisations=list(gate.restrict(Organisation, user, "view").filter(dialogue_entries=entry)),
            people=list(gate.restrict(Person, user, "view").filter(dialogue_entries=entry)),
            today=timezone.localdate(),
        )
        return context


class EntryFormView(ObjectFormView):
    """Log and edit an entry; ``?organisation=``, ``?person=``, ``?product=`` or ``?program=`` start a
    new one with that organisation, person, product (slug) or program (slug)."""

    model = Entry
    form_class = EntryForm
    add_permission = "dialogue.add_entry"

    def get_initial(self) -> dict[str, object]:
        if self.object is not None:
            return {
                "organisations": list(self.object.organisations.all()),
                "people": list(self.object.people.all()),
            }
        user, query = self.request.user, self.request.GET
        initial: dict[str, object] = {"date": timezone.localdate()}
        if (pk := query.get("organisation", "")).isdigit():
            organisation = gate.restrict(Organisation, user, "view").filter(pk=pk).first()
            if organisation is not None:
                initial["organisations"] = [organisation]
                if organisation.kind == OrganisationKind.SUPPLIER:
                    initial["party"] = Party.SUPPLIER
        if (pk := query.get("person", "")).isdigit():
            initial["people"] = list(gate.restrict(Person, user, "view").filter(pk=pk))
        if slug := query.get("product"):
            initial["product"] = gate.restrict(Product, user, "view").filter(slug=slug).first()
        if slug := query.get("program"):
            initial["program"] = gate.restrict(Program, user, "view").filter(slug=slug).first()
        return {key: value for key, value in initial.items() if value not in (None, [])}

    def save(self, form: GatedModelForm, fields: dict[str, object]) -> Entry:
        assert isinstance(form, EntryForm)
        expected = form.cleaned_data.get("version")
        return services.save_entry(
            actor=self.request.user,
            fields=fields,
            organisations=form.cleaned_data["organisations"],
            people=form.cleaned_data["people"],
            entry=self.object,
            expected_version=expected if expected is not None else -1,
            follow_up=form.follow_up(),
        )


class EntryArchiveView(ArchiveView):
    model = Entry


class FollowUpAddView(ObjectFormView):
    """A follow-up added on an entry's page (by those who may change the entry)."""

    model = FollowUp
    form_class = FollowUpForm
    add_permission = "dialogue.add_followup"
    parent_model = Entry
    parent_lookup = "pk"
    parent_field = "entry"

    def success_url(self, saved: FollowUp) -> str:
        return saved.get_absolute_url()


class FollowUpEditView(ObjectFormView):
    model = FollowUp
    form_class = FollowUpForm

    def success_url(self, saved: FollowUp) -> str:
        return saved.get_absolute_url()


class FollowUpDoneView(ObjectActionView):
    """Marks a follow-up done (``done=1``) or not done again (``done=0``): the button on the entry's page
    posts here; opening the address asks first."""

    model = FollowUp

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        done = self.object.is_done
        self.title = (_("Mark %(name)s as not done") if done else _("Mark %(name)s as done")) % {
            "name": self.object
        }
        self.explanation = (
            _("The follow-up returns to its owner's “Til mig” page.")
            if done
            else _("The follow-up leaves its owner's “Til mig” page.")
        )
        self.button = _("Not done") if done else _("Done")
        context = super().get_context_data(**kwargs)
        context["form"] = ConfirmForm(initial={"version": self.object.version})
        return context

    def perform(self, *, version: int, reason: str) -> str:
        wanted = self.request.POST.get("done")
        done = not self.object.is_done if wanted not in ("0", "1") else wanted == "1"
        services.set_done(
            actor=self.request.user,
            follow_up=self.object,
            expected_version=version,
            done=done,
            today=timezone.localdate(),
        )
        messages.success(
            self.request,
            (_("%(name)s is done.") if done else _("%(name)s is open again.")) % {"name": self.object},
        )
        return str(self.object.get_absolute_url())


class FollowUpDeleteView(DeleteView):
    model = FollowUp


class CommentThreadView(LoginRequiredMixin, TemplateView):
    """The comments on one decision, agenda item, work item or risk (``/dialog/kommentarer/<app_label>.
    <model>/<pk>/``): read by whoever may see the object (others get 404), written by whoever reads it
    internally. Opening it marks the reader's mentions there as read."""

    template_name = "dialogue/comment_thread.html"
    target: models.Model
    can_write: bool
    kind: object

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        commentable = registered_commentable(str(kwargs["target"]))
        if commentable is None:
            raise Http404
        self.target = get_object_or_404(
            gate.restrict(commentable.model, request.user, "view"), pk=kwargs["pk"]
        )
        self.kind = commentable.label
        self.can_write = gate.allows(request.user, "view_internal", self.target)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        services.mark_mentions_read(user=request.user, target=self.target)
        return self.render_to_response(self.get_context_data(form=CommentForm() if self.can_write else None))

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not self.can_write:
            raise PermissionDenied
        form = CommentForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        comment = services.add_comment(actor=request.user, target=self.target, text=form.cleaned_data["text"])
        messages.success(request, _("Your comment was added."))
        return redirect(f"{request.path}#comment-{comment.pk}")

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context: dict[str, object] = super().get_context_data(**kwargs)
        context.update(target=self.target, kind=self.kind, comments=comments.thread(self.target))
        return context
