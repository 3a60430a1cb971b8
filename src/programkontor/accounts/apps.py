from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "programkontor.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Signal receivers (sessions end on deactivation) and the system checks of single sign-on.
        from programkontor.accounts import checks, personal_data, sessions  # noqa: F401

        personal_data.register()  # where it keeps personal data (erasure, export)
