from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.utils.translation import gettext_lazy as _

from programkontor.core.forms import StyledFormMixin, set_choices
from programkontor.portfolio.models import Program
from programkontor.publishing.output import Format


class PublishForm(StyledFormMixin, forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            (Format.HTML.value, _("Standalone HTML (open index.html in a browser)")),
            (Format.JEKYLL.value, _("Jekyll site in the just-the-docs layout (Markdown)")),
        ],
        initial=Format.HTML.value,
    )
    program = forms.ChoiceField(label=_("Program"), required=False)

    def __init__(self, data: Mapping[str, object] | None = None) -> None:
        super().__init__(data)
        published = Program.objects.restrict(None, "view").filter(archived_at__isnull=True).order_by("name")
        set_choices(self, "program", [("", _("The whole portfolio")), *published.values_list("slug", "name")])
        self.fields["program"].help_text = _("Only the published programs can be chosen.")
        self.style_widgets()
