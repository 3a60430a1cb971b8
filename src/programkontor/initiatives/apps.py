from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "programkontor.initiatives"
    label = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        from programkontor.core.registry import add_menu_item, register_linkable
        from programkontor.initiatives import rules
        from programkontor.initiatives.models import Initiative

        add_menu_item(_("Initiatives"), "initiatives:initiative_list", order=78, prefixes=("/initiativer/",))
        register_linkable(Initiative, label=_("Initiative"), candidates=rules.initiative_candidates)
