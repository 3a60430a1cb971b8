"""Repository evidence checks from the web: run one on a product's repository, look at the findings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from programkontor.core import gate, git
from programkontor.core.git import GitError
from programkontor.core.jobs import Progress, register_job, start_job
from programkontor.core.models import Job
from programkontor.core.views import ObjectDetailView
from programkontor.evaluation import services
from programkontor.evaluation.forms import RepositoryCheckForm
from programkontor.evaluation.models import Evaluation, EvaluationStatus, RepositoryCheck
from programkontor.evaluation.repository import sources
from programkontor.evaluation.repository.checks import run_checks
from programkontor.evaluation.views.common import ProductActionView
from programkontor.portfolio.models import Product

if TYPE_CHECKING:
    from programkontor.core.actors import Actor


def run_check(*, product: Any, url: str, actor: Actor) -> RepositoryCheck:
    """Clone ``url`` (one of the product's repositories, http(s) only: never a local path from the web),
    run the checks, keep the findings."""
    with sources.open_source(url, local=False) as source:
        result = run_checks(source, translate=_)
    return services.record_repository_check(product=product, result=result, actor=actor)


@register_job("evaluation.repository_check")
def repository_check_job(job: Job, progress: Progress) -> str:
    """The background job behind the page: clone and check, then point at the findings."""
    product = Product.objects.get(pk=job.arguments["product"])
    if not (job.owner and gate.allows(job.owner, "change", product)):
        raise PermissionDenied(_("You may no longer check this product's repository."))
    progress(0, 2, _("Fetching the repository"))
    try:
        check = run_check(product=product, url=job.arguments["url"], actor=job.owner)
    except GitError as exc:
        raise GitError(_("The repository could not be checked: %(error)s") % {"error": exc}) from exc
    progress(2, 2, _("%(count)d findings.") % {"count": check.findings.count()})
    return check.get_absolute_url()


class RepositoryCheckStartView(ProductActionView):
    template_name = "evaluation/repositorycheck_start.html"

    def allowed(self, product: Any) -> bool:
        user = self.request.user
        return bool(user.has_perm("evaluation.add_repositorycheck") and gate.allows(user, "change", product))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=RepositoryCheckForm(product=self.product)))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = RepositoryCheckForm(request.POST, product=self.product)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        url = form.cleaned_data["repository"]
        try:  # an address the server may not fetch is refused here, before any work is queued
            git.pin(git.locate(url, local=False))
        except GitError as exc:
            form.add_error(None, _("The repository could not be checked: %(error)s") % {"error": exc})
            return self.render_to_response(self.get_context_data(form=form), status=400)
        job = start_job(
            kind="evaluation.repository_check",
            title=_("Repository check of %(product)s") % {"product": self.product},
            owner=request.user,
            arguments={"product": self.product.pk, "url": url},
        )
        return HttpResponseRedirect(job.get_absolute_url())


class RepositoryCheckDetailView(ObjectDetailView):
    model = RepositoryCheck
    template_name = "evaluation/repositorycheck_detail.html"

    def visible(self) -> Any:
        return super().visible().select_related("product", "checked_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        check = self.object
        context["findings"] = list(check.findings.select_related("evaluation").order_by("pk"))
        context["draft"] = (
            Evaluation.objects.restrict(self.request.user, "change")
            .filter(product_id=check.product_id, status=EvaluationStatus.DRAFT)
            .order_by("-evaluated_on", "-pk")
            .first()
        )
        return context
