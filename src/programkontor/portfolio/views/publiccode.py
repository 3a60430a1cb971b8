"""A product's publiccode.yml: the download (public fields only) and the import with a preview."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from programkontor.core import gate, services, textfile, uploads
from programkontor.core.views import GatedObjectMixin
from programkontor.portfolio.forms import PubliccodeApplyForm, PubliccodeUploadForm
from programkontor.portfolio.models import Product
from programkontor.portfolio.publiccode import (
    PUBLICCODE_FIELDS,
    READABLE_VERSIONS,
    PubliccodeError,
    build,
    imported_fields,
    missing_keys,
    parse,
    problems,
    to_yaml,
)
from programkontor.portfolio.views.selectors import publiccode_data


class ProductPubliccodeView(GatedObjectMixin, View):
    """The product's publiccode.yml (standard 0.4) to put in its repository: public fields only."""

    model = Product
    lookup_field = "slug"

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        product = self.get_object()
        doc = build(publiccode_data(request.user, product))
        comments = [_("publiccode.yml for %(name)s, written by Programkontor.") % {"name": product.name}]
        missing = missing_keys(problems(doc))
        if missing:
            comments.append(
                _("Add before the file is valid: %(keys)s (the product's data has no value for them).")
                % {"keys": ", ".join(missing)}
            )
        response = HttpResponse(to_yaml(doc, comments), content_type="text/yaml; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="publiccode.yml"'
        return response


def read_error(error: PubliccodeError) -> str:
    if error.kind == "yaml":
        if error.line:
            return _("The file is not valid YAML (line %(line)s). Nothing was saved.") % {"line": error.line}
        return _("The file is not valid YAML. Nothing was saved.")
    if error.kind == "mapping":
        return _("The file is YAML but not a publiccode.yml (it has no keys). Nothing was saved.")
    return _(
        "The file's publiccodeYmlVersion is %(found)s; Programkontor reads version %(versions)s. "
        "Nothing was saved."
    ) % {"found": error.detail or _("missing"), "versions": ", ".join(READABLE_VERSIONS)}


def label(name: str) -> str:
    field = next((f for f in Product._meta.fields if f.name == name), None)
    return str(field.verbose_name) if isinstance(field, models.Field) else name


def shown(name: str, value: object) -> str:
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value or "")


class ProductPubliccodeImportView(LoginRequiredMixin, GatedObjectMixin, TemplateView):
    """Upload a publiccode.yml, see what it would change, apply the chosen fields (history names
    the actor and the file); bad YAML or a version we do not read is refused, nothing saved."""

    model = Product
    lookup_field = "slug"
    template_name = "portfolio/publiccode_import.html"
    product: Product

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.product = self.get_object()
        if not gate.allows(request.user, "change", self.product):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        kwargs.setdefault("form", PubliccodeUploadForm())
        return super().get_context_data(object=self.product, **kwargs)

    def rows(self, fields: dict[str, object]) -> list[dict[str, str]]:
        product = self.product
        return [
            {
                "name": name,
                "label": label(name),
                "now": shown(name, getattr(product, name)),
                "file": shown(name, fields[name]),
            }
            for name in PUBLICCODE_FIELDS
            if name in fields and fields[name] != getattr(product, name)
        ]

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if "text" in request.POST:
            return self.apply(PubliccodeApplyForm(request.POST))
        form = PubliccodeUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        try:
            data = uploads.read_upload(upload, "governance")
            text = textfile.read_text(data, uploads.limits("governance")).text
            fields = imported_fields(parse(text), self.product.repository_urls)
        except uploads.UploadRefused as refused:
            form.add_error("file", refused.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        except textfile.TextFileError as exc:
            form.add_error("file", uploads.refusal(upload.name, exc).message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        except PubliccodeError as error:
            form.add_error("file", read_error(error))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        rows = self.rows(fields)
        apply = PubliccodeApplyForm(initial={"text": text, "version": self.product.version})
        return self.render_to_response(self.get_context_data(rows=rows, apply_form=apply))

    def apply(self, apply: PubliccodeApplyForm) -> HttpResponse:
        errors: list[str] = []
        if apply.is_valid():
            try:
                text = textfile.check_text(apply.cleaned_data["text"], uploads.limits("governance"))
                fields = imported_fields(parse(text), self.product.repository_urls)
                changes = {name: fields[name] for name in apply.cleaned_data["chosen"] if name in fields}
                with transaction.atomic():
                    services.update(
                        self.product,
                        actor=self.request.user,
                        expected_version=apply.cleaned_data["version"],
                        changes=changes,
                        reason="publiccode.yml",
                    )
            except textfile.TextFileError as exc:
                errors.append(exc.text(_))
            except PubliccodeError as error:
                errors.append(read_error(error))
            except services.ConflictError:
                errors.append(
                    _("Someone changed %(name)s meanwhile. Nothing was saved; upload the file again.")
                    % {"name": self.product}
                )
            except DjangoValidationError as exc:
                errors += (
                    [f"{label(k)}: {' '.join(v)}" for k, v in exc.message_dict.items()]
                    if hasattr(exc, "error_dict")
                    else exc.messages
                )
            else:
                messages.success(
                    self.request,
                    _("%(name)s was updated from publiccode.yml.") % {"name": self.product},
                )
                return HttpResponseRedirect(self.product.get_absolute_url())
        else:
            errors += [str(e) for e in apply.errors.get("chosen", [])] or [_("The preview was incomplete.")]
        self.product.refresh_from_db()
        return self.render_to_response(self.get_context_data(apply_errors=errors), status=400)
