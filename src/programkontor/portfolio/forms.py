"""The portfolio's edit forms. Validation lives on the models (``clean``) so forms and API agree."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from programkontor.core.forms import DateInput, GatedModelForm, LinesField, StyledFormMixin, set_choices
from programkontor.core.uploads import LimitedFileField
from programkontor.portfolio.models import (
    Body,
    BodyKind,
    Membership,
    Organisation,
    OrganisationKind,
    Participation,
    Person,
    Product,
    Program,
    Role,
    RoleAssignment,
)
from programkontor.portfolio.models.programs import LEVEL_BY_DECISION
from programkontor.portfolio.publiccode import PUBLICCODE_FIELDS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ProgramForm(GatedModelForm):
    class Meta:
        model = Program
        fields = ["name", "summary", "description", "goals", "website", "notes"]


class FolderMappingField(forms.Field):
    """The governance repository's folders and the kind of body each holds, one ``folder = kind`` a line
    (the kind as its value, ``project``, or its label, ``Projektgruppe``)."""

    widget = forms.Textarea

    def prepare_value(self, value: object) -> object:
        if isinstance(value, dict):
            labels = dict(BodyKind.choices)
            return "\n".join(f"{folder} = {labels.get(kind, kind)}" for folder, kind in value.items())
        return value

    def to_python(self, value: object) -> dict[str, str]:
        text = str(value or "")
        kinds = {str(label).casefold(): kind for kind, label in BodyKind.choices}
        kinds.update({kind: kind for kind in BodyKind.values})
        mapping: dict[str, str] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            folder, _equals, kind = line.partition("=")
            found = kinds.get(kind.strip().casefold())
            if not _equals or not folder.strip() or found is None:
                raise forms.ValidationError(
                    _("Line %(number)d: write a folder, =, and a kind of body (%(kinds)s)."),
                    params={
                        "number": number,
                        "kinds": ", ".join(str(label) for _k, label in BodyKind.choices),
                    },
                )
            mapping[folder.strip().strip("/")] = found
        return mapping


class ProductForm(GatedModelForm):
    parent_fields = ("program",)
    #: A new product starts at a level; afterwards only a decided level-change decision moves it.
    locked_once_created: ClassVar[dict[str, StrOrPromise]] = {"level": LEVEL_BY_DECISION}
    repository_urls = LinesField(
        label=_("Repositories"), required=False, help_text=_("One web address per line.")
    )
    categories = LinesField(
        label=_("Categories (publiccode.yml)"),
        required=False,
        help_text=_("One word per line from the publiccode.yml standard's list, e.g. document-management."),
    )
    features = LinesField(
        label=_("Features"), required=False, help_text=_("What the product does, one short line each.")
    )
    governance_folders = FolderMappingField(
        label=_("Governance folders"),
        required=False,
        help_text=_(
            "One folder of the governance repository a line, with the kind of body whose meetings it "
            "holds, e.g. projektadministration/møder = Projektgruppe. Folders not named here are read "
            "by OS2's usual names."
        ),
    )

    class Meta:
        model = Product
        fields = [
            "name",
            "program",
            "kind",
            "stage",
            "level",
            "summary",
            "description",
            "goals",
            "licence",
            "website",
            "repository_urls",
            "categories",
            "features",
            "governance_folders",
            "cost_element",
            "notes",
        ]


class OrganisationForm(GatedModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "municipality_code",
            "region",
            "cvr",
            "is_member",
            "website",
            "email",
            "phone",
            "description",
            "manual_size_class",
            "manual_size_class_reason",
            "notes",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        if isinstance(region, forms.ModelChoiceField) and region.queryset is not None:
            region.queryset = region.queryset.filter(kind=OrganisationKind.REGION)


class PersonForm(GatedModelForm):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "title", "organisation", "email", "phone", "is_public", "notes"]


class BodyForm(GatedModelForm):
    parent_fields = ("program", "product")

    class Meta:
        model = Body
        fields = ["kind", "name", "program", "product", "description", "notes"]


class ParticipationForm(GatedModelForm):
    class Meta:
        model = Participation
        fields = ["organisation", "accession_date", "exit_date", "notes"]
        widgets = {"accession_date": DateInput(), "exit_date": DateInput()}


class MembershipForm(GatedModelForm):
    class Meta:
        model = Membership
        fields = ["person", "role", "represents", "start_date", "end_date"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}


class RoleAssignmentForm(GatedModelForm):
    class Meta:
        model = RoleAssignment
        fields = ["person", "role", "organisation", "start_date", "end_date"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        on_program = self.instance.program_id is not None
        set_choices(
            self,
            "role",
            [
                (value, label)
                for value, label in Role.choices
                if (value == Role.PROGRAM_MANAGER) == on_program
            ],
        )


class PopulationImportForm(StyledFormMixin, forms.Form):
    file = LimitedFileField(
        kind="population",
        label=_("CSV file from Statistics Denmark"),
        help_text=_(
            "Semicolon or comma separated, UTF-8 or Windows-1252 (ISO-8859-1), e.g. table FOLK1A from "
            "statistikbanken.dk."
        ),
    )
    date = forms.DateField(
        label=_("Date of the figures"),
        required=False,
        widget=DateInput(),
        help_text=_("Only needed when the file's columns do not name the period (e.g. 2024K1)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class PubliccodeUploadForm(StyledFormMixin, forms.Form):
    file = LimitedFileField(
        kind="governance",
        label=_("publiccode.yml"),
        help_text=_("The file from the product's repository (standard version 0.2 to 0.4)."),
    )


class PubliccodeApplyForm(forms.Form):
    """The preview's choices: the file's text travels with them, so nothing is stored in between."""

    text = forms.CharField(widget=forms.HiddenInput, strip=False)
    version = forms.IntegerField(widget=forms.HiddenInput)
    chosen = forms.MultipleChoiceField(
        choices=[(name, name) for name in PUBLICCODE_FIELDS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one field to apply.")},
    )
