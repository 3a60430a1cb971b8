"""The dialogue entry's form (with an optional first follow-up when it is logged) and the follow-up's
form. Organisations, people, products and programs are those the writer may see; an owner is a
person with a user account (the follow-up waits on their *Til mig*)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from programkontor.core import gate
from programkontor.core.forms import DateInput, GatedModelForm
from programkontor.dialogue.models import Entry, FollowUp
from programkontor.portfolio.models import Person

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser

OWNER_HELP = _("The follow-up waits on this person's “Til mig” page.")
FOLLOW_UP_FIELDS = {"follow_up_text": "text", "follow_up_owner": "owner", "follow_up_due": "due_date"}


class EntryForm(GatedModelForm):
    essential_fields = (
        "kind", "party", "date", "title", "summary", "organisations", "people", "product", "program",
        *FOLLOW_UP_FIELDS,
    )  # fmt: skip

    class Meta:
        model = Entry
        fields = [
            "kind",
            "party",
            "date",
            "title",
            "summary",
            "organisations",
            "people",
            "product",
            "program",
        ]
        widgets = {
            "date": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 6}),
            "organisations": forms.SelectMultiple(attrs={"size": 6}),
            "people": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: object, user: AnyUser, **kwargs: object) -> None:
        super().__init__(*args, user=user, **kwargs)
        if not self.instance.pk:  # a first follow-up, while logging it
            self.fields["follow_up_text"] = forms.CharField(
                label=_("Follow-up"),
                required=False,
                max_length=300,
                help_text=_("Optional: what must be done next."),
            )
            self.fields["follow_up_owner"] = forms.ModelChoiceField(
                label=_("Owner"),
                required=False,
                queryset=gate.restrict(Person, user, "view")
                .filter(user__isnull=False)
                .order_by("first_name", "last_name"),
                help_text=OWNER_HELP,
            )
            self.fields["follow_up_due"] = forms.DateField(
                label=_("Follow-up due"), required=False, widget=DateInput()
            )
            self.style_widgets()

    def clean(self) -> dict[str, object]:
        cleaned: dict[str, object] = super().clean() or {}
        given = {name for name in FOLLOW_UP_FIELDS if cleaned.get(name)}
        if given and given != set(FOLLOW_UP_FIELDS):
            for name in set(FOLLOW_UP_FIELDS) - given:
                self.add_error(name, _("A follow-up needs what, who and by when."))
        return cleaned

    def writable_data(self) -> dict[str, object]:
        data = super().writable_data()
        for name in ("organisations", "people", *FOLLOW_UP_FIELDS):
            data.pop(name, None)
        return data

    def follow_up(self) -> dict[str, object] | None:
        if not self.cleaned_data.get("follow_up_text"):
            return None
        return {field: self.cleaned_data[name] for name, field in FOLLOW_UP_FIELDS.items()}


class FollowUpForm(GatedModelForm):
    class Meta:
        model = FollowUp
        fields = ["text", "owner", "due_date"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args: object, user: AnyUser, **kwargs: object) -> None:
        super().__init__(*args, user=user, **kwargs)
        owner = self.fields["owner"]
        if isinstance(owner, forms.ModelChoiceField) and owner.queryset is not None:
            owner.queryset = owner.queryset.filter(user__isnull=False)
            owner.help_text = OWNER_HELP


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-input"}),
        help_text=_("Markdown. Write @username to notify a colleague who may see this."),
    )
