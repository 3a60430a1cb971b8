"""The reports' pages: the list of issued reports, the preview of a program's or the portfolio's
report for a period, issuing it, an issued report and its downloads (PDF, HTML, Markdown)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect, QueryDict
from django.views import View
from django.views.generic import TemplateView

from programkontor.core.views import GatedObjectMixin, ObjectDetailView, ObjectListView
from programkontor.portfolio.models import Program
from programkontor.reports import render, selectors, services
from programkontor.reports.filters import BoardReportFilter
from programkontor.reports.forms import IssueForm, ReportChoiceForm
from programkontor.reports.models import BoardReport
from programkontor.reports.periods import Period, containing
from programkontor.reports.rules import may_issue, may_read_scope


class ReportListView(LoginRequiredMixin, ObjectListView):
    model = BoardReport
    filterset_class = BoardReportFilter
    add_permission = "reports.add_boardreport"
    add_url_name = "reports:preview"
    template_name = "reports/report_list.html"
    results_template_name = "reports/_report_results.html"
    export_columns = (
        "title",
        "scope",
        "program__name",
        "period",
        "issued_at",
        "issued_by_name",
    )

    def get_base_queryset(self) -> QuerySet[BoardReport]:
        reports: QuerySet[BoardReport] = super().get_base_queryset()
        return reports.select_related("program", "meeting", "meeting__body").defer(
            "html", "markdown", "pdf", "data"
        )

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        from django.utils import timezone

        context["choice_form"] = ReportChoiceForm(
            initial={"period": containing(timezone.localdate()).label}, user=self.request.user
        )
        return context


class PreviewView(LoginRequiredMixin, TemplateView):
    """The report as it would be issued now; the form to issue it, for those who may."""

    template_name = "reports/preview.html"

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)

    def form(self, data: QueryDict | None) -> IssueForm:
        return IssueForm(data, user=self.request.user)

    def chosen(self, form: IssueForm) -> tuple[Program | None, Period | None]:
        if not form.is_valid():
            program_errors = form.errors.get("program")
            if program_errors:
                raise Http404  # a program the user does not read internally
            return None, None
        program = form.cleaned_data["program"]
        if not may_read_scope(self.request.user, program.pk if program else None):
            raise Http404
        return program, form.cleaned_data["period"]

    def get(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        form = self.form(request.GET or None)
        program, period = self.chosen(form) if form.is_bound else (None, None)
        return self.page(form, program, period)

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        form = self.form(request.POST)
        program, period = self.chosen(form)
        if period is not None:
            if not may_issue(request.user, program.pk if program else None):
                raise PermissionDenied
            report = services.issue(
                actor=request.user,
                program=program,
                period=period,
                meeting=form.cleaned_data["meeting"],
                asks=form.cleaned_data["asks"],
            )
            return HttpResponseRedirect(report.get_absolute_url())
        return self.page(form, program, period, status=400)

    def page(
        self, form: IssueForm, program: Program | None, period: Period | None, status: int = 200
    ) -> HttpResponse:
        context = self.get_context_data(form=form, program=program, period=period)
        if period is not None:
            data = selectors.gather(self.request.user, program, period)
            context["body"] = render.body_html(data)
            context["can_issue"] = may_issue(self.request.user, program.pk if program else None)
        return self.render_to_response(context, status=status)


class ReportDetailView(LoginRequiredMixin, ObjectDetailView):
    model = BoardReport
    template_name = "reports/report_detail.html"

    def visible(self) -> QuerySet[BoardReport]:
        reports: QuerySet[BoardReport] = super().visible()
        return reports.select_related("program", "meeting", "meeting__body").defer("pdf")


class ReportDownloadView(LoginRequiredMixin, GatedObjectMixin, View):
    """An issued report as it was issued: the stored PDF, HTML document or Markdown."""

    model = BoardReport

    def get(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        report: BoardReport = self.get_object()
        name = (
            f"bestyrelsesrapport-{report.program.slug if report.program else 'portefoelje'}-{report.period}"
        )
        if fmt == "pdf":
            response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
        elif fmt == "html":
            response = HttpResponse(
                render.document_html(report.html, report.title), content_type="text/html; charset=utf-8"
            )
        elif fmt == "md":
            response = HttpResponse(report.markdown, content_type="text/markdown; charset=utf-8")
        else:
            raise Http404
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response
