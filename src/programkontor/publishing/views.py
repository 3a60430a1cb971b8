"""The secretariat's page for the transparency site: start building it, download the result."""

from __future__ import annotations

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from programkontor.core.jobs import start_job
from programkontor.core.models import Job, JobStatus
from programkontor.mail.views import SecretariatOnlyMixin
from programkontor.publishing.forms import PublishForm
from programkontor.publishing.jobs import KIND, archive_name, archive_path

RECENT = 10


class PublishView(SecretariatOnlyMixin, TemplateView):
    template_name = "publishing/publish.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", PublishForm())
        context["jobs"] = list(
            Job.objects.restrict(self.request.user, "view").filter(kind=KIND).select_related("owner")[:RECENT]
        )
        return context

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        form = PublishForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        job = start_job(
            kind=KIND,
            title=_("The transparency site"),
            owner=request.user,
            arguments={"format": form.cleaned_data["format"], "program": form.cleaned_data["program"]},
        )
        return HttpResponseRedirect(job.get_absolute_url())


class DownloadView(SecretariatOnlyMixin, View):
    def get(self, request: HttpRequest, *args: object, pk: int, **kwargs: object) -> HttpResponseBase:
        job = get_object_or_404(
            Job.objects.restrict(request.user, "view").filter(kind=KIND, status=JobStatus.DONE),
            pk=pk,
        )
        path = archive_path(job)
        if not path.is_file():
            raise Http404(_("The archive is no longer there. Publish the site again."))
        return FileResponse(
            path.open("rb"), as_attachment=True, filename=archive_name(job), content_type="application/zip"
        )
