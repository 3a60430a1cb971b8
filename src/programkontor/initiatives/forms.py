"""Forms of initiatives: the initiative and its case's settings, a line of the case, a requirement."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programkontor.core.forms import AmountField, GatedModelForm
from programkontor.initiatives.models import CaseLine, Initiative, Requirement

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


class InitiativeForm(GatedModelForm):
    parent_fields = ("product", "program")
    essential_fields = (
        "title",
        "product",
        "program",
        "owner",
        "status",
        "description",
        "first_year",
        "horizon",
    )

    class Meta:
        model = Initiative
        fields = [
            "title", "product", "program", "owner", "status", "description", "first_year", "horizon",
            "discount_rate", "authorities", "size_class", "risks", "assumptions", "specification_intro",
            "decision",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "risks": forms.Textarea(attrs={"rows": 4}),
            "assumptions": forms.Textarea(attrs={"rows": 4}),
            "specification_intro": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: object, user: AnyUser, **kwargs: object) -> None:
        super().__init__(*args, user=user, **kwargs)
        for name in ("product", "program"):
            field = self.fields[name]
            if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
                current = getattr(self.instance, f"{name}_id", None)
                keep = Q(pk=current) if current else Q(pk__in=[])
                field.queryset = field.queryset.filter(Q(archived_at__isnull=True) | keep)
        decision = self.fields["decision"]
        if isinstance(decision, forms.ModelChoiceField) and decision.queryset is not None:
            decision.queryset = decision.queryset.select_related("product", "program")


class CaseLineForm(GatedModelForm):
    amount = AmountField(label=_("Amount"), min_value=0, help_text=_("In kroner, excluding VAT."))

    class Meta:
        model = CaseLine
        fields = ["year", "kind", "recurrence", "basis", "amount", "text"]


class RequirementForm(GatedModelForm):
    class Meta:
        model = Requirement
        fields = ["number", "priority", "text", "rationale", "work_item"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "rationale": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: object, user: AnyUser, **kwargs: object) -> None:
        super().__init__(*args, user=user, **kwargs)
        field = self.fields["work_item"]
        initiative: Initiative | None = getattr(self.instance, "initiative", None)
        if (
            isinstance(field, forms.ModelChoiceField)
            and field.queryset is not None
            and initiative is not None
        ):
            if initiative.product_id:
                same = Q(product_id=initiative.product_id)
            else:
                same = Q(program_id=initiative.program_id) | Q(product__program_id=initiative.program_id)
            field.queryset = field.queryset.filter(same)
