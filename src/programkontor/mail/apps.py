from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "programkontor.mail"
    label = "mail"
    verbose_name = _("E-mail")

    def ready(self) -> None:
        from programkontor.mail import personal_data, rules  # noqa: F401 - the outbox's scope

        personal_data.register()  # where it keeps personal data (erasure, export)
