"""The review step of an import: a file with cells that name no answer, level or date is kept on the
server until the user has mapped each cell (``Delvist`` → *Ved ikke*), and nothing is saved before.

The uploaded bytes wait in the user's own session (the database session store), compressed, under a
random token, for at most an hour and at most a few at a time. The page reads the stored bytes again
each time, so what it shows and what is saved always come from the file itself; the browser only
sends the choices, and only for the cells the server found.
"""

from __future__ import annotations

import base64
import secrets
import time
import zlib
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from programkontor.evaluation import services as evaluation_services
from programkontor.evaluation.forms import CellMappingForm
from programkontor.evaluation.models import Catalogue
from programkontor.evaluation.selectors import may_write_self_evaluation
from programkontor.evaluation.views.common import ProductActionView
from programkontor.portfolio.models import Product

SESSION_KEY = "evaluation_pending_imports"
#: How long an upload waits for its review, and how many may wait at once.
PENDING_SECONDS = 3600
MAX_PENDING = 3
SELF_EVALUATION, EVALUATION = "self_evaluation", "evaluation"


@dataclass(frozen=True)
class Pending:
    token: str
    kind: str
    product: int
    data: bytes
    filename: str
    catalogue: int | None
    #: Import as a draft (self-evaluation) or publish (evaluation).
    flag: bool


def stash(
    request: HttpRequest,
    *,
    kind: str,
    product: Product,
    data: bytes,
    filename: str,
    catalogue: Catalogue | None,
    flag: bool,
) -> str:
    """Keep an uploaded file in the user's session for its review; the token that names it."""
    now = time.time()
    waiting = {
        token: entry
        for token, entry in dict(request.session.get(SESSION_KEY, {})).items()
        if now - float(entry.get("at", 0)) < PENDING_SECONDS
    }
    while len(waiting) >= MAX_PENDING:
        waiting.pop(min(waiting, key=lambda token: float(waiting[token]["at"])))
    token = secrets.token_urlsafe(16)
    waiting[token] = {
        "kind": kind,
        "product": product.pk,
        "data": base64.b64encode(zlib.compress(data)).decode("ascii"),
        "filename": filename[:200],
        "catalogue": catalogue.pk if catalogue is not None else None,
        "flag": flag,
        "at": now,
    }
    request.session[SESSION_KEY] = waiting
    return token


def pending(request: HttpRequest, token: str, product: Product) -> Pending | None:
    """The file waiting under ``token`` for ``product`` in this user's session, if any (and not stale)."""
    entry = dict(request.session.get(SESSION_KEY, {})).get(token)
    if not isinstance(entry, dict) or entry.get("product") != product.pk:
        return None
    if time.time() - float(entry.get("at", 0)) >= PENDING_SECONDS:
        return None
    data = zlib.decompress(base64.b64decode(entry["data"]))
    return Pending(
        token,
        entry["kind"],
        product.pk,
        data,
        entry.get("filename", ""),
        entry.get("catalogue"),
        entry["flag"],
    )


def drop(request: HttpRequest, token: str) -> None:
    waiting = dict(request.session.get(SESSION_KEY, {}))
    if waiting.pop(token, None) is not None:
        request.session[SESSION_KEY] = waiting


def review_url(product: Product, token: str) -> str:
    return reverse("evaluation:import_review", kwargs={"parent": product.slug, "token": token})


class ImportReviewView(ProductActionView):
    """Map each cell of an uploaded file that named no answer, level or date, then save (or discard)."""

    template_name = "evaluation/import_review.html"
    waiting: Pending

    def allowed(self, product: Product) -> bool:
        """Denied to a user who may import nothing for the product; a file that is not waiting in the
        user's own session is not found."""
        user = self.request.user
        may = {
            SELF_EVALUATION: bool(
                user.has_perm("evaluation.add_selfevaluation") and may_write_self_evaluation(user, product)
            ),
            EVALUATION: bool(user.has_perm("evaluation.import_evaluation")),
        }
        if not any(may.values()):
            return False
        found = pending(self.request, self.kwargs["token"], product)
        if found is None:
            raise Http404
        self.waiting = found
        return may.get(found.kind, False)

    def catalogue(self) -> Catalogue | None:
        if self.waiting.catalogue is None:
            return None
        return Catalogue.objects.filter(pk=self.waiting.catalogue).first()

    def reading(self) -> Any:
        if self.waiting.kind == SELF_EVALUATION:
            return evaluation_services.read_self_evaluation(
                product=self.product, data=self.waiting.data, catalogue=self.catalogue()
            )
        return evaluation_services.read_evaluation_report(
            product=self.product, data=self.waiting.data, catalogue=self.catalogue()
        )

    def form(self, reading: Any, data: Any = None) -> CellMappingForm:
        levels = [(level.key, level.label) for level in reading.catalogue.data().levels]
        return CellMappingForm(data, cells=reading.parsed.unresolved, levels=levels)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            waiting=self.waiting,
            is_self_evaluation=self.waiting.kind == SELF_EVALUATION,
            cancel_url=reverse(
                "evaluation:selfevaluation_import"
                if self.waiting.kind == SELF_EVALUATION
                else "evaluation:evaluation_import",
                kwargs={"parent": self.product.slug},
            ),
        )
        reading = kwargs.get("reading")
        if reading is None:  # the file cannot be read (any more): only the problems are shown
            return context
        parsed = reading.parsed
        context.update(
            catalogue=reading.catalogue,
            answered=sum(1 for answer in getattr(parsed, "answers", {}).values() if answer),
            rated=len(getattr(parsed, "ratings", {})),
            total=len(reading.catalogue.data().codes),
            cell_count=len(parsed.unresolved),
        )
        return context

    def unreadable(self, error: evaluation_services.ImportFailed) -> HttpResponse:
        """The file can no longer be read (the catalogue changed meanwhile): its problems, and it is
        dropped."""
        drop(self.request, self.waiting.token)
        return self.render_to_response(
            self.get_context_data(reading=None, problems=error.messages), status=400
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            reading = self.reading()
        except evaluation_services.ImportFailed as exc:
            return self.unreadable(exc)
        return self.render_to_response(self.get_context_data(reading=reading, form=self.form(reading)))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.POST.get("discard"):
            drop(request, self.waiting.token)
            messages.info(request, _("The file was discarded; nothing was saved."))
            return HttpResponseRedirect(self.product.get_absolute_url())
        try:
            reading = self.reading()
        except evaluation_services.ImportFailed as exc:
            return self.unreadable(exc)
        form = self.form(reading, request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(reading=reading, form=form), status=400)
        try:
            result = self.save(form.resolutions())
        except evaluation_services.ImportFailed as exc:
            return self.render_to_response(
                self.get_context_data(reading=reading, form=form, problems=exc.messages), status=400
            )
        drop(request, self.waiting.token)
        for warning in result.warnings:
            messages.warning(request, warning)
        target = getattr(result, "self_evaluation", None) or result.evaluation
        messages.success(request, _("%(name)s was imported.") % {"name": target})
        return HttpResponseRedirect(target.get_absolute_url())

    def save(self, resolutions: dict[str, str]) -> Any:
        if self.waiting.kind == SELF_EVALUATION:
            return evaluation_services.import_self_evaluation(
                product=self.product,
                data=self.waiting.data,
                actor=self.request.user,
                catalogue=self.catalogue(),
                as_draft=self.waiting.flag,
                resolutions=resolutions,
                strict=True,
            )
        return evaluation_services.import_evaluation(
            product=self.product,
            data=self.waiting.data,
            actor=self.request.user,
            catalogue=self.catalogue(),
            publish=self.waiting.flag,
            resolutions=resolutions,
            strict=True,
        )
