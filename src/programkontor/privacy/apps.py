"""Personal data: lawful basis, export and erasure on request, processing activities."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "programkontor.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

    def ready(self) -> None:
        from programkontor.core import personal_data as pd
        from programkontor.core.registry import add_panel
        from programkontor.portfolio.models import Person
        from programkontor.privacy import rules  # noqa: F401 - the scopes of its models
        from programkontor.privacy.models import PersonalDataBasis
        from programkontor.privacy.views import person_panel

        add_panel(Person, "privacy/_person_panel.html", person_panel, order=95)
        pd.register_personal_data(
            PersonalDataBasis,
            select=pd.linked("person_id"),
            fields=("lawful_basis", "source", "note"),
            delete=True,
        )
