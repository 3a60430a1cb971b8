"""The economy's sub-navigation: the sections the user can use, without extra queries."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programkontor.core.access import access_for
from programkontor.economy.rules import has_economy

register = template.Library()


@register.inclusion_tag("economy/_nav.html", takes_context=True)
def economy_nav(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    access = access_for(user)
    reads = has_economy(access)
    logged_in = user.is_authenticated
    sections = [
        ("economy:home", _("Economy"), True),
        ("economy:overview", _("Quarterly overview"), reads),
        ("economy:budget_list", _("Budgets"), True),
        ("economy:actual_list", _("Actuals"), reads),
        ("economy:tariff_list", _("Tariff sheets"), True),
        ("economy:contribution_invoice_list", _("Contribution invoices"), logged_in),
        ("economy:received_invoice_list", _("Invoices received"), logged_in),
        ("economy:account_list", _("Chart of accounts"), True),
    ]
    links = []
    for name, label, shown in sections:
        if shown:
            url = reverse(name)
            links.append({"url": url, "label": label, "current": request.path == url})
    return {"links": links}
