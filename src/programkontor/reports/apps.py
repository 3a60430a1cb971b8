"""The board's status reports, per program and for the portfolio, frozen once issued."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "programkontor.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from programkontor.core.registry import add_panel
        from programkontor.governance.models import Meeting
        from programkontor.reports import rules  # noqa: F401 (registers the scopes)
        from programkontor.reports.panels import meeting_panel

        # Not a menu item of its own (the header has room for the areas): governance's menu links here.
        add_panel(Meeting, "reports/_meeting_panel.html", meeting_panel, order=80)
