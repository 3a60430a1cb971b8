from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from programkontor.core.forms import StyledFormMixin


class LoginForm(StyledFormMixin, AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name")
        self.style_widgets()


class ApiTokenForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("What is the token for?"), max_length=100)
    valid_days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=730,
        initial=365,
        required=False,
        help_text=_("Leave empty for a token that does not expire."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()
