from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuppliersConfig(AppConfig):
    name = "programkontor.suppliers"
    label = "suppliers"
    verbose_name = _("Suppliers")

    def ready(self) -> None:
        from programkontor.core.registry import add_menu_item, add_panel, register_linkable
        from programkontor.portfolio.models import Organisation
        from programkontor.suppliers import rules, searchables, selectors
        from programkontor.suppliers.models import Contract

        add_menu_item(_("Suppliers"), "suppliers:contract_list", order=75, prefixes=("/leverandoerer/",))
        add_panel(Organisation, "suppliers/_organisation_panel.html", selectors.organisation_panel, order=50)
        register_linkable(Contract, label=_("Supplier contract"), candidates=rules.contract_candidates)
        selectors.register_providers()
        searchables.register()  # what the search finds
