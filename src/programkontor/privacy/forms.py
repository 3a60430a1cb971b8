from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from programkontor.core.forms import GatedModelForm
from programkontor.privacy.models import PersonalDataBasis


class BasisForm(GatedModelForm):
    class Meta:
        model = PersonalDataBasis
        fields = ["lawful_basis", "source", "note"]


class ErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that the person's data cannot be restored."), required=True
    )
