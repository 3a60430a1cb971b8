"""The contract form: a supplier, a product or a program, the terms and the clauses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programkontor.core.forms import AmountField, DateInput, GatedModelForm
from programkontor.portfolio.models import OrganisationKind
from programkontor.suppliers.models import Contract

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


class ContractForm(GatedModelForm):
    parent_fields = ("product", "program")
    value = AmountField(
        label=_("Value"), min_value=0, help_text=_("The contract's total value, excluding VAT.")
    )

    class Meta:
        model = Contract
        fields = [
            "title", "reference", "supplier", "product", "program", "kind", "value", "currency", "start_date",
            "end_date", "notice_months", "notice_given_on", "options_left", "options_until", "licence",
            "copyright_to", "data_processing", "data_processing_url", "sla", "approved_by_body", "decision",
            "documents", "notes",
        ]  # fmt: skip
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "notice_given_on": DateInput(),
            "options_until": DateInput(),
            "sla": forms.Textarea(attrs={"rows": 4}),
            "documents": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: object, user: AnyUser, **kwargs: object) -> None:
        super().__init__(*args, user=user, **kwargs)
        current = {
            name: getattr(self.instance, f"{name}_id", None) for name in ("supplier", "product", "program")
        }
        conditions = {
            "supplier": Q(kind=OrganisationKind.SUPPLIER, archived_at__isnull=True),
            "product": Q(archived_at__isnull=True),
            "program": Q(archived_at__isnull=True),
        }
        for name, condition in conditions.items():
            field = self.fields[name]
            if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
                keep = Q(pk=current[name]) if current[name] else Q(pk__in=[])
                field.queryset = field.queryset.filter(condition | keep)
        decision = self.fields["decision"]
        if isinstance(decision, forms.ModelChoiceField) and decision.queryset is not None:
            decision.queryset = decision.queryset.select_related("product", "program")
