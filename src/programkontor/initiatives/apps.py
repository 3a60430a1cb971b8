from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "programkontor.initiatives"
    label = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        from programkontor.core.registry import register_linkable
        from programkontor.initiatives import rules
        from programkontor.initiatives.models import Initiative

        # Not a menu item of its own (the header has room for the areas): planning's menu links here.
        register_linkable(Initiative, label=_("Initiative"), candidates=rules.initiative_candidates)
