from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "programkontor.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        from programkontor.core.registry import add_menu_item, add_panel, register_installed_by_migrate
        from programkontor.evaluation import panels
        from programkontor.evaluation.models import Catalogue, Requirement, Theme
        from programkontor.portfolio.models import Product

        add_menu_item(_("Evaluations"), "evaluation:portfolio", order=70, prefixes=("/evaluering/",))
        add_panel(Product, "evaluation/_product_panel.html", panels.product_panel, order=40)
        panels.register_due_and_linkable()
        # Migrations 0002 and 0004 install OS2's catalogues (with their history) in every database.
        register_installed_by_migrate(Catalogue, Theme, Requirement)

        from programkontor.evaluation import searchables

        searchables.register()  # what the search finds

        from programkontor.evaluation import personal_data

        personal_data.register()  # where it keeps personal data (erasure, export)
