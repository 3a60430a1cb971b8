"""Transparency site: publish everything public as a Jekyll or static HTML site."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "programkontor.publishing"
    label = "publishing"
    verbose_name = _("Publishing")

    def ready(self) -> None:
        from programkontor.publishing import jobs  # noqa: F401 - registers the job kind
