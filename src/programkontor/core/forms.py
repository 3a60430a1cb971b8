"""Form base classes: DKFDS styling, version field for optimistic locking, gated choices."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from programkontor.core import gate
from programkontor.core.money import AmountError, format_number, parse_amount

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from programkontor.core.actors import AnyUser


class StyledFormMixin:
    """Give every widget the CSS classes of Det Fælles Designsystem."""

    def style_widgets(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-checkbox"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            elif isinstance(widget, forms.HiddenInput):
                continue
            else:
                css = "form-input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 5)


def set_choices(form: forms.BaseForm, name: str, choices: Any) -> None:
    """Give the choice field ``name`` of ``form`` these choices (narrowed to what the user may pick)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is not a choice field")
    field.choices = choices


def _options_html(
    choices: Iterable[tuple[object, object]], selected: list[str], multiple: bool
) -> SafeString:
    """The options as Django's ``Select.optgroups`` and ``select_option.html`` write them (the value
    through ``stringformat:'s'``, both autoescaped; a select's options inherit no attributes, only
    ``selected``), in plain string operations (``html.escape`` is what Django's ``escape`` calls):
    a filter form has hundreds of them."""
    parts: list[str] = []
    has_selected = False
    for group_value, group_label in choices:
        pairs = group_label if isinstance(group_label, list | tuple) else ((group_value, group_label),)
        named = pairs is group_label and group_value not in (None, "")  # Django: {% if group_name %}
        if named:
            parts.append(f'\n  <optgroup label="{escape(group_value)}">')
        for value, label in pairs:
            text = "" if value is None else str(value)
            chosen = (not has_selected or multiple) and text in selected
            has_selected |= chosen
            safe = label.__html__() if hasattr(label, "__html__") else html.escape(str(label))
            parts.append(
                f'\n  <option value="{html.escape(text)}"{" selected" if chosen else ""}>{safe}</option>\n'
            )
        if named:
            parts.append("\n  </optgroup>")
    return mark_safe("".join(parts))  # noqa: S308 (every value and label escaped above)


class ManyOptionsSelect(forms.Select):
    """A select whose options are written in Python, not by a template include per option and not
    through Django's option dictionaries: the same HTML as Django's ``Select``
    (``tests/core/test_forms.py`` compares them), at a fraction of the cost for the hundreds of
    options of a filter form (people, timeboxes, products)."""

    template_name = "core/widgets/many_options_select.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = forms.Widget.get_context(self, name, value, attrs)  # without the optgroups
        if self.allow_multiple_selected:
            context["widget"]["attrs"]["multiple"] = True
        context["widget"]["options_html"] = _options_html(
            self.choices, context["widget"]["value"], self.allow_multiple_selected
        )
        return context


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class GatedModelForm(StyledFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    """A model form that offers only the related objects the user may use, and carries the version.

    Fields listed in ``parent_fields`` are what the object hangs on (a product's program, a
    participation's product): the user must be allowed to change the parent. Other relations
    only need to be visible.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    parent_fields: ClassVar[tuple[str, ...]] = ()
    #: Fields set when the object is created and shown locked afterwards: name → why (the help text).
    locked_once_created: ClassVar[dict[str, StrOrPromise]] = {}
    #: The fields most people fill in. When set, the others are folded under "More fields", opened
    #: by the reader, or by the form itself when one of them has an error.
    essential_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            for name, why in self.locked_once_created.items():
                self.fields[name].disabled = True
                self.fields[name].help_text = why
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
                model = field.queryset.model
                action = "change" if name in self.parent_fields else "view"
                current = getattr(self.instance, f"{name}_id", None) if self.instance.pk else None
                field.queryset = gate.choices(model, user, action, current).order_by(
                    *(model._meta.ordering or ["pk"])
                )
        self.style_widgets()

    @property
    def essential(self) -> list[forms.BoundField]:
        return [field for field in self.visible_fields() if self._is_essential(field.name)]

    @property
    def more(self) -> list[forms.BoundField]:
        return [field for field in self.visible_fields() if not self._is_essential(field.name)]

    @property
    def more_has_errors(self) -> bool:
        return any(field.errors for field in self.more)

    @property
    def more_filled(self) -> int:
        """How many of the folded fields hold a value (so an edit shows what is inside)."""
        return sum(1 for field in self.more if field.value() not in (None, "", [], False))

    def _is_essential(self, name: str) -> bool:
        return not self.essential_fields or name in self.essential_fields

    def writable_data(self) -> dict[str, Any]:
        """The cleaned values of the model's own fields (everything but the version)."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "version" and name in self.fields
        }


class LinesField(forms.CharField):
    """A list of strings edited as one item per line."""

    widget = forms.Textarea

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class ConfirmForm(StyledFormMixin, forms.Form):
    """The form behind archive/publish/delete buttons: carries the version the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


AMOUNT_MESSAGES = {
    "empty": _("Enter an amount."),
    "invalid": _("Enter an amount like 1.234,56 or 1234.56."),
    "too_many_decimals": _("An amount has at most two decimals (øre)."),
}


class AmountInput(forms.TextInput):
    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {"inputmode": "decimal", "autocomplete": "off", "class": "pk-amount", **(attrs or {})}
        )

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool):
            return format_number(value)
        return super().format_value(value)  # type: ignore[no-any-return]


class AmountField(forms.Field):
    """Kroner typed by a person (``1.234,56``), cleaned to øre (``123456``)."""

    widget = AmountInput

    def __init__(self, *, min_value: int | None = None, **kwargs: Any) -> None:
        self.min_value = min_value
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in (None, ""):
            return None
        if isinstance(value, int):
            return value
        try:
            return parse_amount(str(value))
        except AmountError as exc:
            raise ValidationError(AMOUNT_MESSAGES.get(exc.code, AMOUNT_MESSAGES["invalid"])) from exc

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and self.min_value is not None and value < self.min_value:
            raise ValidationError(_("The amount cannot be negative."))
