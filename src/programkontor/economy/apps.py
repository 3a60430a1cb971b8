from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EconomyConfig(AppConfig):
    name = "programkontor.economy"
    label = "economy"
    verbose_name = _("Economy")

    def ready(self) -> None:
        from programkontor.core.registry import add_menu_item, add_panel
        from programkontor.economy.selectors.panels import product_panel
        from programkontor.portfolio.models import Product

        add_menu_item(_("Economy"), "economy:home", order=70, prefixes=("/oekonomi/",))
        add_panel(Product, "economy/_product_panel.html", product_panel, order=60)
        from programkontor.economy.selectors import contracts
        from programkontor.portfolio.models import Organisation
        from programkontor.suppliers.interfaces import Contract

        add_panel(Contract, "economy/_contract_panel.html", contracts.contract_panel, order=60)
        add_panel(Organisation, "economy/_supplier_panel.html", contracts.supplier_panel, order=60)
        from programkontor.economy.selectors import waiting

        waiting.register()

        from programkontor.economy import searchables

        searchables.register()  # what the search finds
