"""What the search finds in the portfolio (registered from ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

from programkontor.core.registry import register_searchable
from programkontor.portfolio.models import Body, Organisation, Person, Product, Program


def register() -> None:
    register_searchable(
        Program, label=_("Programs"), fields=("summary", "description", "goals", "notes"), order=10
    )
    register_searchable(
        Product,
        label=_("Products and projects"),
        fields=("summary", "description", "goals", "notes", "cost_element"),
        order=20,
    )
    register_searchable(
        Organisation,
        label=_("Organisations"),
        fields=("municipality_code", "cvr", "email", "notes"),
        order=30,
    )
    register_searchable(Person, label=_("People"), fields=("title", "email", "notes"), order=40)
    register_searchable(Body, label=_("Bodies"), fields=("description", "notes"), order=50)
