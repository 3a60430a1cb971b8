from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "programkontor.portfolio"
    label = "portfolio"
    verbose_name = _("Portfolio")

    def ready(self) -> None:
        from programkontor.core.access import set_access_provider
        from programkontor.core.registry import add_menu_item
        from programkontor.portfolio.access import compute_access

        set_access_provider(compute_access)

        # Single sign-on: claims to person and roles at every login; a change of roles ends sessions.
        from programkontor.accounts.sso.claims import set_login_hook
        from programkontor.core.registry import add_panel
        from programkontor.portfolio import session_signals, sso_roles
        from programkontor.portfolio.models import Person

        set_login_hook(sso_roles.apply_login)
        session_signals.connect()
        add_panel(Person, "portfolio/_login_panel.html", sso_roles.person_panel, order=90)

        add_menu_item(
            _("Portfolio"),
            "portfolio:overview",
            order=10,
            prefixes=("/portefoelje/", "/produkter/", "/deltagelser/"),
        )
        add_menu_item(_("Programs"), "portfolio:program_list", order=20, prefixes=("/programmer/",))
        add_menu_item(
            _("Organisations"), "portfolio:organisation_list", order=30, prefixes=("/organisationer/",)
        )
        add_menu_item(_("People"), "portfolio:person_list", order=40, prefixes=("/personer/",))
        add_menu_item(_("Bodies"), "portfolio:body_list", order=50, prefixes=("/organer/", "/medlemskaber/"))

        from programkontor.portfolio import searchables

        searchables.register()  # what the search finds

        from programkontor.portfolio import personal_data

        personal_data.register()  # where it keeps personal data (erasure, export)
