from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "programkontor.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from programkontor.core import jobs_rules, openapi  # noqa: F401 - the jobs' scope, the schema extension
        from programkontor.core.registry import add_menu_item

        add_menu_item(_("API"), "api:docs", order=1000)

        from django.db.models.signals import post_migrate

        from programkontor.core import search

        post_migrate.connect(search.fill_if_empty, sender=self, dispatch_uid="search-fill-if-empty")
