from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "programkontor.planning"
    label = "planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        from programkontor.core.registry import add_calendar_feed, add_home_section, add_menu_item, add_panel
        from programkontor.planning.panels import (
            home_section,
            product_panel,
            program_panel,
            register_linkable_work_items,
        )
        from programkontor.planning.views import roadmap
        from programkontor.portfolio.models import Product, Program

        add_menu_item(_("Planning"), "planning:home", order=60, prefixes=("/planlaegning/",))
        add_panel(Product, "planning/_panel.html", product_panel, order=60)
        add_panel(Program, "planning/_panel.html", program_panel, order=60)
        from programkontor.planning import deliveries
        from programkontor.portfolio.models import Organisation
        from programkontor.suppliers.interfaces import Contract

        add_panel(Contract, "planning/_deliveries_panel.html", deliveries.contract_panel, order=70)
        add_panel(Organisation, "planning/_deliveries_panel.html", deliveries.supplier_panel, order=70)
        add_home_section("planning/_home_section.html", home_section, order=60)
        add_calendar_feed("planning", roadmap.calendar_links, public=roadmap.public_calendar_links, order=70)
        register_linkable_work_items()
        from programkontor.planning import waiting

        waiting.register()

        from programkontor.planning import searchables

        searchables.register()  # what the search finds
