"""Dialogue log with members, board and suppliers; comments and @mentions."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogueConfig(AppConfig):
    name = "programkontor.dialogue"
    label = "dialogue"
    verbose_name = _("Dialogue")

    def ready(self) -> None:
        from programkontor.core.registry import add_menu_item, add_panel, register_commentable
        from programkontor.dialogue import comments, rules, searchables, selectors  # noqa: F401 (rules: the scopes)
        from programkontor.governance.interfaces import AgendaItem, Decision, Meeting
        from programkontor.planning.models import Risk, WorkItem
        from programkontor.portfolio.models import Organisation, Person

        add_menu_item(_("Dialogue"), "dialogue:entry_list", order=78, prefixes=("/dialog/",))
        add_panel(Organisation, "dialogue/_panel.html", selectors.organisation_panel, order=60)
        add_panel(Person, "dialogue/_panel.html", selectors.person_panel, order=60)
        selectors.register_providers()
        searchables.register()
        register_commentable(Decision, label=_("decision"))
        register_commentable(AgendaItem, label=_("agenda item"))
        register_commentable(WorkItem, label=_("work item"))
        register_commentable(Risk, label=_("risk"))
        for model in (Decision, WorkItem, Risk):
            add_panel(model, "dialogue/_comments_panel.html", comments.panel, order=90)
        add_panel(Meeting, "dialogue/_agenda_comments_panel.html", comments.meeting_panel, order=90)
        comments.register()
