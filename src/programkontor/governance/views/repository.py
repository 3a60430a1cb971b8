"""A product's governance repository from the browser: its settings, "Fetch changes" (a preview,
applied on confirmation) and "Write to repository" (an export with its diff, pushed only with a
token from the server's environment). The work runs as background jobs (``governance/jobs.py``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from programkontor.core import gate
from programkontor.core.services import ConflictError
from programkontor.governance.forms import GovernanceRepositoryForm
from programkontor.governance.models import (
    Decision,
    GovernanceRepository,
    Meeting,
    RepositorySync,
    SyncKind,
    SyncState,
)
from programkontor.governance.repository import workcopy
from programkontor.governance.repository.sync import Plan
from programkontor.governance.services import repository as service
from programkontor.portfolio.models import Product

RECENT = 8
#: Parts of a meeting a preview may name as changed (lazy: the page reads them in its own language).
PARTS = {"agenda_items": gettext_lazy("agenda items"), "attendance": gettext_lazy("attendance")}


class ProductRepositoryMixin(LoginRequiredMixin):
    """Pages of a product's repository (``<slug:parent>``): 404 unless the user sees the product,
    403 unless the user may change it."""

    product: Product
    repository: GovernanceRepository | None
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.product = get_object_or_404(gate.restrict(Product, request.user, "view"), slug=kwargs["parent"])
        if not service.may_sync(request.user, self.product):
            raise PermissionDenied
        self.repository = GovernanceRepository.objects.filter(product=self.product).first()
        return super().dispatch(request, *args, **kwargs)


class RepositorySettingsView(ProductRepositoryMixin, TemplateView):
    template_name = "governance/repository_settings.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        if "form" not in context:
            context["form"] = GovernanceRepositoryForm(instance=self.repository)
        context.update(
            product=self.product,
            repository=self.repository,
            syncs=list(
                RepositorySync.objects.filter(repository=self.repository).select_related("started_by")[
                    :RECENT
                ]
            )
            if self.repository
            else [],
            folders=sorted((self.product.governance_folders or {}).items()),
        )
        return context

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        form = GovernanceRepositoryForm(request.POST, instance=self.repository)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in GovernanceRepositoryForm.Meta.fields}
            try:
                service.save_repository(
                    actor=request.user,
                    product=self.product,
                    fields=fields,
                    expected_version=form.cleaned_data.get("version"),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except ConflictError:
                form.add_error(None, _("Someone else changed the settings meanwhile. Reload the page."))
                return self.render_to_response(self.get_context_data(form=form), status=409)
            else:
                messages.success(request, _("The repository settings were saved."))
                return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RepositoryStartView(ProductRepositoryMixin, View):
    """POST: start "Fetch changes" or "Write to repository"; the job's page follows."""

    http_method_names = ["post"]
    kind: str = SyncKind.PREVIEW

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if self.repository is None:
            messages.error(request, _("Set the product's governance repository first."))
            return HttpResponseRedirect(self.product.get_absolute_url())
        start = service.start_preview if self.kind == SyncKind.PREVIEW else service.start_export
        try:
            sync = start(actor=request.user, repository=self.repository)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(self.repository.get_absolute_url())
        assert sync.job is not None
        return HttpResponseRedirect(sync.job.get_absolute_url())


class SyncDetailView(LoginRequiredMixin, TemplateView):
    """What a preview found (created, changed with which fields, unchanged, could not be read with the
    line), or what an export wrote and its diff."""

    template_name = "governance/repository_sync.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        sync = get_object_or_404(
            gate.restrict(RepositorySync, self.request.user, "view").select_related(
                "repository__product", "started_by", "applied_by", "job"
            ),
            pk=self.kwargs["pk"],
        )
        repository = sync.repository
        result = sync.result or {}
        context.update(
            sync=sync,
            repository=repository,
            product=repository.product,
            ready=sync.state == SyncState.READY,
            groups=_groups(result) if sync.kind == SyncKind.PREVIEW else [],
            unmapped=result.get("unmapped", []),
            templates=result.get("skipped_templates", []),
            diff=_diff_lines(sync.diff),
            may_push=workcopy.may_push(repository.address, repository.token_variable),
            working_copy=result.get("working_copy", ""),
        )
        return context


class SyncConfirmView(LoginRequiredMixin, View):
    """POST: apply a preview, or push an export; the job's page follows."""

    http_method_names = ["post"]
    kind: str = SyncKind.PREVIEW

    def post(self, request: HttpRequest, *args: object, pk: int, **kwargs: object) -> HttpResponse:
        sync = get_object_or_404(
            gate.restrict(RepositorySync, request.user, "view").select_related("repository__product"), pk=pk
        )
        confirm = service.start_apply if self.kind == SyncKind.PREVIEW else service.start_push
        try:
            sync = confirm(actor=request.user, sync=sync)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(sync.get_absolute_url())
        assert sync.job is not None
        return HttpResponseRedirect(sync.job.get_absolute_url())


class SyncPatchView(LoginRequiredMixin, View):
    """An export's changes as a patch file, for applying and pushing by hand (``git apply``)."""

    def get(self, request: HttpRequest, *args: object, pk: int, **kwargs: object) -> HttpResponse:
        sync = get_object_or_404(
            gate.restrict(RepositorySync, request.user, "view")
            .filter(kind=SyncKind.EXPORT)
            .select_related("repository__product"),
            pk=pk,
        )
        response = HttpResponse(sync.diff, content_type="text/x-patch; charset=utf-8")
        name = f"{sync.repository.product.slug}-governance-{sync.pk}.patch"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def _label(model: type[Decision] | type[Meeting], name: str) -> str:
    if name in PARTS:
        return str(PARTS[name])
    try:
        field = model._meta.get_field(name.removesuffix("_id"))
    except FieldDoesNotExist:  # a field the model no longer has: its name
        return name
    return str(getattr(field, "verbose_name", name))


def _groups(result: Plan) -> list[dict[str, object]]:
    """The preview's records by action (created, changed, unchanged), each with its changed fields."""
    titles = {
        "created": _("Would be created"),
        "updated": _("Would be changed"),
        "unchanged": _("Left alone (no change)"),
    }
    groups: list[dict[str, object]] = []
    for action, title in titles.items():
        rows: list[dict[str, object]] = []
        for kind, model, label in (
            ("decisions", Decision, _("Decision")),
            ("meetings", Meeting, _("Meeting")),
        ):
            for row in result.get(kind, []):
                if row.get("action") == action:
                    changed = ", ".join(_label(model, name) for name in row.get("changed", []))
                    rows.append({**row, "kind": label, "changed_text": changed})
        groups.append({"action": action, "title": title, "rows": rows})
    return groups


def _diff_lines(diff: str) -> list[tuple[str, str]]:
    """The diff's lines with a class each (file header, hunk, added, removed, context)."""
    lines = []
    for line in diff.splitlines():
        if line.startswith(("diff --git", "index ", "+++", "---", "new file mode")):
            css = "pk-diff-file"
        elif line.startswith("@@"):
            css = "pk-diff-hunk"
        elif line.startswith("+"):
            css = "pk-diff-add"
        elif line.startswith("-"):
            css = "pk-diff-del"
        else:
            css = ""
        lines.append((css, line))
    return lines


def repository_panel(request: HttpRequest, product: Product) -> dict[str, object] | None:
    """The product page's part: where its governance repository is and the two actions."""
    if not service.may_sync(request.user, product):
        return None
    repository = GovernanceRepository.objects.filter(product=product).first()
    last = RepositorySync.objects.filter(repository=repository).first() if repository else None
    return {"product": product, "repository": repository, "last": last}
