from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from programkontor.core.forms import StyledFormMixin
from programkontor.mail.models import DigestFrequency


class DigestForm(StyledFormMixin, forms.Form):
    frequency = forms.ChoiceField(
        label=_("Send me what waits for me"),
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
    )
