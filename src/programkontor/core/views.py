"""Generic views: every concrete page is a few declarative lines on top of these.

All of them read through the gate: an object the user may not see is *not found* (404, its
existence is not revealed); an object the user may see but not change is *denied* (403); an
anonymous visitor who tries to change something is sent to the login page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from programkontor.core import gate, list_export, services
from programkontor.core.forms import ConfirmForm, GatedModelForm
from programkontor.core.history import history_for, last_changed_by
from programkontor.core.list_export import ExportColumn
from programkontor.core.models import Job
from programkontor.core.registry import panels_for

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


def add_errors(form: Any, exc: DjangoValidationError) -> None:
    """Put a validation error on the form fields it names (the rest on the form as a whole)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


class GatedObjectMixin:
    """Looks an object up among those the user may see; 404 otherwise."""

    model: type[models.Model]
    request: HttpRequest
    lookup_field: ClassVar[str] = "pk"
    kwargs: dict[str, Any]

    def visible(self) -> Any:
        return gate.restrict(self.model, self.request.user, "view")

    def get_object(self, queryset: Any = None) -> Any:
        lookup = self.kwargs.get("slug", self.kwargs.get("pk"))
        return get_object_or_404(
            self.visible() if queryset is None else queryset, **{self.lookup_field: lookup}
        )


class ChangeableOnPage:
    """Which of a page's rows the user may change, asked once, when the template first asks
    (``{% if row.pk in changeable %}``): an edit link is shown only where it leads somewhere."""

    def __init__(self, model: type[models.Model], user: AnyUser, rows: Iterable[models.Model]) -> None:
        self.model, self.user, self.rows = model, user, rows
        self._pks: set[object] | None = None

    def __contains__(self, pk: object) -> bool:
        if self._pks is None:
            on_page = [row.pk for row in self.rows]
            scope = gate.scope_q(self.model, self.user, "change")
            self._pks = (
                set(on_page)
                if scope is gate.EVERYTHING
                else set(
                    self.model._default_manager.filter(scope, pk__in=on_page).values_list("pk", flat=True)
                )
            )
        return pk in self._pks


class ObjectListView(ListView):  # type: ignore[type-arg]
    """A filtered, paginated list. HTMX requests get only the results part of the page."""

    model: type[models.Model]
    filterset_class: ClassVar[Any] = None
    add_permission: ClassVar[str | None] = None
    add_url_name: ClassVar[str | None] = None
    paginate_by = 50
    results_template_name: ClassVar[str]
    #: The columns of ``?format=csv`` / ``?format=xlsx`` (``core/list_export.py``): field paths or
    #: ``ExportColumn``s. Every list declares them.
    export_columns: ClassVar[tuple[ExportColumn | str, ...]] = ()

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        """``?format=csv`` / ``?format=xlsx``: the filtered rows of every page as a file."""
        fmt = request.GET.get("format", "")
        if request.method == "GET" and fmt in list_export.FORMATS and self.export_columns:
            return list_export.export_response(
                self.get_queryset(), self.export_columns, user=request.user, fmt=fmt
            )
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self) -> Any:
        return gate.restrict(self.model, self.request.user, "view")

    def get_queryset(self) -> Any:
        queryset = self.get_base_queryset()
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=queryset, request=self.request
        )
        return (
            self.filterset.qs
            if self.filterset.is_bound and self.filterset.is_valid()
            else self.filterset.queryset
        )

    def get_template_names(self) -> list[str]:
        if is_htmx(self.request):
            return [self.results_template_name]
        return super().get_template_names()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["can_add"] = bool(self.add_permission and self.request.user.has_perm(self.add_permission))
        context["add_url_name"] = self.add_url_name
        context["changeable"] = ChangeableOnPage(self.model, self.request.user, context["object_list"])
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        context["export_formats"] = list_export.FORMATS if self.export_columns else ()
        return context


class ObjectDetailView(GatedObjectMixin, DetailView):  # type: ignore[type-arg]
    """An object's page: shows internal fields and history only to those who may see them."""

    history_limit: ClassVar[int] = 30

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obj = self.object
        user = self.request.user
        context["internal"] = gate.allows(user, "view_internal", obj)
        context["can_change"] = gate.allows(user, "change", obj)
        context["history"] = history_for(obj, self.history_limit) if context["internal"] else []
        context["confirm_form"] = (
            ConfirmForm(initial={"version": obj.version}) if context["can_change"] else None
        )
        context["panels"] = panels_for(self.request, obj)
        return context


class ObjectFormView(LoginRequiredMixin, GatedObjectMixin, TemplateView):
    """Create (no lookup in the URL) or edit an object through a :class:`GatedModelForm`.

    On save it calls the core services; a stale version re-renders the form with the user's
    input, what changed meanwhile, and status 409 — nothing is overwritten.
    """

    form_class: ClassVar[type[GatedModelForm]]
    add_permission: ClassVar[str | None] = None
    template_name = "core/object_form.html"
    #: For objects created under a parent (a participation under a product): the parent's model,
    #: its lookup field and the field on the new object that points at it.
    parent_model: ClassVar[type[models.Model] | None] = None
    parent_lookup: ClassVar[str] = "slug"
    parent_field: ClassVar[str | None] = None
    #: What the creator must be allowed on a new object (``view`` for master data such as people,
    #: which writers create to appoint them but change only once appointed).
    creator_may: ClassVar[gate.Action] = "change"

    object: Any
    parent: Any

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.parent = None
        self.object = None
        if self.parent_model is not None:
            lookup = kwargs["parent"]
            self.parent = get_object_or_404(
                gate.restrict(self.parent_model, request.user, "view"), **{self.parent_lookup: lookup}
            )
            if not gate.allows(request.user, "change", self.parent):
                raise PermissionDenied
        if "pk" in kwargs or "slug" in kwargs:
            self.object = self.get_object()
            if not gate.allows(request.user, "change", self.object):
                raise PermissionDenied
        elif not (self.add_permission and request.user.has_perm(self.add_permission)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data: Any = None) -> GatedModelForm:
        instance = self.object
        if instance is None:
            instance = self.form_class._meta.model()
            if self.parent is not None and self.parent_field:
                setattr(instance, self.parent_field, self.parent)
        return self.form_class(data, instance=instance, user=self.request.user, initial=self.get_initial())

    def get_initial(self) -> dict[str, Any]:
        return {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        model = self.form_class._meta.model
        context.update(
            object=self.object,
            parent=self.parent,
            verbose_name=model._meta.verbose_name,
            cancel_url=(self.object or self.parent).get_absolute_url()
            if (self.object or self.parent)
            else None,
        )
        return context

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        fields = form.writable_data()
        if self.parent is not None and self.parent_field:
            fields[self.parent_field] = self.parent
        created = self.object is None
        try:
            with transaction.atomic():  # a service that writes several rows saves all or none
                saved = self.save(form, fields)
        except services.ConflictError as conflict:
            return self.conflict_response(form, conflict.current)
        except PermissionDenied as exc:
            # Refused with a reason (outside the writer's reach, outside a mandate): keep the input.
            form.add_error(None, str(exc) or _("You may not make this change."))
            return self.render_to_response(self.get_context_data(form=form), status=403)
        except DjangoValidationError as exc:
            add_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if created:
            messages.success(request, _("%(name)s was created.") % {"name": saved})
        else:
            messages.success(request, _("Your changes to %(name)s were saved.") % {"name": saved})
        return HttpResponseRedirect(self.success_url(saved))

    # The write, in three hooks: override ``save`` for a service that does both, or one of the others.

    def save(self, form: GatedModelForm, fields: dict[str, Any]) -> Any:
        if self.object is None:
            return self.create_object(form, fields)
        expected = form.cleaned_data.get("version")
        return self.update_object(form, fields, expected if expected is not None else -1)

    def create_object(self, form: GatedModelForm, fields: dict[str, Any]) -> Any:
        return services.create(
            form._meta.model, actor=self.request.user, fields=fields, creator_may=self.creator_may
        )

    def update_object(self, form: GatedModelForm, fields: dict[str, Any], expected: int) -> Any:
        return services.update(
            self.object, actor=self.request.user, expected_version=expected, changes=fields
        )

    def success_url(self, saved: Any) -> str:
        return str(saved.get_absolute_url())

    def conflict_response(self, form: GatedModelForm, current: Any) -> HttpResponse:
        who = last_changed_by(current)
        fresh = self.form_class(instance=current, user=self.request.user)
        differences = []
        for name, field in form.fields.items():
            if name == "version":
                continue
            theirs = fresh.initial.get(name)
            mine = form.cleaned_data.get(name)
            mine_cmp = getattr(mine, "pk", mine)
            if str(field.prepare_value(theirs) if theirs is not None else "") != str(
                field.prepare_value(mine_cmp) if mine_cmp is not None else ""
            ):
                differences.append((field.label, fresh[name].value(), mine))
        form.add_error(
            None,
            _(
                "%(who)s changed %(name)s while you were editing it. Nothing was saved. "
                "Check the current values below, then save again if your changes should still apply."
            )
            % {"who": who, "name": current},
        )
        data = form.data.copy()  # type: ignore[attr-defined]
        data["version"] = str(current.version)
        form.data = data
        context = self.get_context_data(form=form, conflict_differences=differences, conflict_current=current)
        return self.render_to_response(context, status=409)


class ChangeObjectMixin(LoginRequiredMixin, GatedObjectMixin):
    """A page that changes one object: the signed-in user must be allowed to change it."""

    object: Any

    def allowed(self) -> bool:
        return gate.allows(self.request.user, "change", self.object)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        if not self.allowed():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ConfirmView(ChangeObjectMixin, TemplateView):
    """A page that asks before a step on one object: its title, what will happen and the button,
    and a form that carries the version the user saw."""

    form_class: ClassVar[type[forms.BaseForm]] = ConfirmForm
    title: Any = ""
    explanation: Any = ""
    button: Any = ""
    button_class: str = "button-primary"

    def get_form(self, data: Any = None) -> Any:
        return self.form_class(data, initial={"version": self.object.version})

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            title=self.title,
            explanation=self.explanation,
            button=self.button,
            button_class=self.button_class,
        )
        context.setdefault("form", self.get_form())
        return context


class ObjectActionView(ConfirmView):
    """A confirmed state change on an object (archive, publish, delete) via a POST with its version."""

    template_name = "core/object_confirm.html"

    def perform(self, *, version: int, reason: str) -> str:
        """Do the change; return the URL to go to afterwards."""
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            with transaction.atomic():  # a refused change leaves nothing behind, children included
                target = self.perform(
                    version=form.cleaned_data["version"], reason=form.cleaned_data["reason"]
                )
        except services.ConflictError:
            messages.error(
                request,
                _("Someone changed %(name)s in the meantime. Look at it again first.")
                % {"name": self.object},
            )
            return HttpResponseRedirect(self.object.get_absolute_url())
        except ProtectedError:
            messages.error(
                request, _("%(name)s cannot be deleted: other records refer to it.") % {"name": self.object}
            )
            return HttpResponseRedirect(self.object.get_absolute_url())
        return HttpResponseRedirect(target)


class ArchiveView(ObjectActionView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        archived = self.object.is_archived
        self.title = _("Restore %(name)s") if archived else _("Archive %(name)s")
        self.explanation = (
            _("The object returns to the everyday lists.")
            if archived
            else _(
                "Archived objects drop out of the everyday lists and the public site, but keep their history."
            )
        )
        self.button = _("Restore") if archived else _("Archive")
        context = super().get_context_data(**kwargs)
        context["title"] = context["title"] % {"name": self.object}
        return context

    def perform(self, *, version: int, reason: str) -> str:
        archived = not self.object.is_archived
        services.set_archived(
            self.object, actor=self.request.user, expected_version=version, archived=archived
        )
        messages.success(
            self.request,
            (_("%(name)s was archived.") if archived else _("%(name)s was restored."))
            % {"name": self.object},
        )
        return str(self.object.get_absolute_url())


class PublishView(ObjectActionView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        published = self.object.is_published
        self.title = _("Unpublish %(name)s") if published else _("Publish %(name)s")
        self.explanation = (
            _("Anonymous visitors will no longer see it.")
            if published
            else _(
                "Anyone, also without logging in, will see its public fields. The act is recorded in history."
            )
        )
        self.button = _("Unpublish") if published else _("Publish")
        context = super().get_context_data(**kwargs)
        context["title"] = context["title"] % {"name": self.object}
        return context

    def perform(self, *, version: int, reason: str) -> str:
        published = not self.object.is_published
        services.set_published(
            self.object, actor=self.request.user, expected_version=version, published=published
        )
        messages.success(
            self.request,
            (_("%(name)s was published.") if published else _("%(name)s was unpublished."))
            % {"name": self.object},
        )
        return str(self.object.get_absolute_url())


class DeleteView(ObjectActionView):
    button_class = "button-warning"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.title = _("Remove %(name)s") % {"name": self.object}
        self.explanation = _("The row is removed; its history is kept.")
        self.button = _("Remove")
        return super().get_context_data(**kwargs)

    def perform(self, *, version: int, reason: str) -> str:
        target = str(self.object.get_absolute_url())
        services.delete(self.object, actor=self.request.user, expected_version=version, reason=reason)
        messages.success(self.request, _("%(name)s was removed.") % {"name": self.object})
        return target


class JobDetailView(LoginRequiredMixin, GatedObjectMixin, DetailView):  # type: ignore[type-arg]
    """A background job: what it does, how far it has come, how it ended. While it runs, htmx asks
    for the progress part again every two seconds."""

    model = Job
    template_name = "core/job_detail.html"

    def get_template_names(self) -> list[str]:
        return ["core/_job_progress.html"] if is_htmx(self.request) else [self.template_name]
