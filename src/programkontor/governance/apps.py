from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


class GovernanceConfig(AppConfig):
    name = "programkontor.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from programkontor.core.registry import (
            add_calendar_feed,
            add_menu_item,
            add_panel,
            register_linkable,
        )
        from programkontor.governance import (
            jobs,  # noqa: F401 - registers the repository jobs
            selectors,
        )
        from programkontor.governance.models import Decision
        from programkontor.governance.views import feeds, overview, repository
        from programkontor.portfolio.models import Body, Product, Program

        add_menu_item(
            _("Governance"),
            "governance:index",
            order=60,
            prefixes=("/styring/",),
        )
        add_panel(Product, "governance/_panel.html", overview.product_panel, order=60)
        add_panel(Product, "governance/_repository_panel.html", repository.repository_panel, order=61)
        add_panel(Program, "governance/_panel.html", overview.program_panel, order=60)
        add_panel(Body, "governance/_body_panel.html", overview.body_panel, order=60)
        add_calendar_feed("governance", feeds.calendar_links, public=feeds.public_calendar_links, order=60)
        selectors.register_providers()

        def decision_candidates(user: AnyUser, product_id: int | None, program_id: int | None) -> Any:
            from django.db.models import Q

            visible = Decision.objects.restrict(user, "view")
            if product_id:
                return visible.filter(product_id=product_id).order_by("-date")
            if program_id:
                return visible.filter(Q(program_id=program_id) | Q(product__program_id=program_id)).order_by(
                    "-date"
                )
            return visible.filter(product__isnull=True, program__isnull=True).order_by("-date")

        register_linkable(Decision, label=_("Decision"), candidates=decision_candidates)

        from programkontor.governance import searchables

        searchables.register()  # what the search finds

        from programkontor.governance import personal_data

        personal_data.register()  # where it keeps personal data (erasure, export)
