"""Dialogue log with members, board and suppliers; comments and @mentions."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogueConfig(AppConfig):
    name = "programkontor.dialogue"
    label = "dialogue"
    verbose_name = _("Dialogue")

    def ready(self) -> None:
        from programkontor.core.registry import add_menu_item, add_panel
        from programkontor.dialogue import rules, searchables, selectors  # noqa: F401 (rules: the scopes)
        from programkontor.portfolio.models import Organisation, Person

        add_menu_item(_("Dialogue"), "dialogue:entry_list", order=78, prefixes=("/dialog/",))
        add_panel(Organisation, "dialogue/_panel.html", selectors.organisation_panel, order=60)
        add_panel(Person, "dialogue/_panel.html", selectors.person_panel, order=60)
        selectors.register_providers()
        searchables.register()
