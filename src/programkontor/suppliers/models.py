"""Supplier contracts: what a supplier does for a product or program, on which terms, and until when.

A supplier is an organisation of the kind *supplier* (``portfolio.Organisation``); invoices received
(economy) and work items (planning) point at the contract they belong to, and decisions link to it
(``register_linkable``). The contract's dates come from ``terms``: the notice date is stored
(``notice_by``), computed in ``clean()`` from the end and the notice period, so the due list finds
the contracts whose deadlines are near in one query.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import ArchivableModel, OreField, TrackedModel
from programkontor.core.money import format_number
from programkontor.portfolio.models import OrganisationKind
from programkontor.portfolio.models.targets import OnProductOrProgram, exactly_one_target
from programkontor.suppliers import terms


class ContractKind(models.TextChoices):
    DEVELOPMENT = "development", _("Development")
    OPERATIONS = "operations", _("Operations")
    SUPPORT = "support", _("Support")
    CALL_OFF = "call_off", _("Call-off on a framework agreement")


class Currency(models.TextChoices):
    DKK = "DKK", "DKK"
    EUR = "EUR", "EUR"


class Licence(models.TextChoices):
    """OSI-approved licences the code may be released under (SPDX identifiers); MPL-2.0 is OS2's default."""

    MPL_2_0 = "MPL-2.0", "MPL-2.0"
    EUPL_1_2 = "EUPL-1.2", "EUPL-1.2"
    GPL_3_0 = "GPL-3.0-or-later", "GPL-3.0-or-later"
    AGPL_3_0 = "AGPL-3.0-or-later", "AGPL-3.0-or-later"
    LGPL_3_0 = "LGPL-3.0-or-later", "LGPL-3.0-or-later"
    APACHE_2_0 = "Apache-2.0", "Apache-2.0"
    MIT = "MIT", "MIT"
    BSD_3 = "BSD-3-Clause", "BSD-3-Clause"
    NONE = "", _("No licence clause")


class CopyrightTo(models.TextChoices):
    AUTHORITIES = "authorities", _("To the participating authorities")
    OS2 = "os2", _("To OS2")
    NONE = "none", _("No assignment (the supplier keeps it)")


class DataProcessing(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_APPLICABLE = "na", _("Not applicable")


_URL = URLValidator(schemes=["http", "https"])
_LINK_LINE = re.compile(r"^(?P<title>.*?)\s*(?P<url>https?://\S+)$")


@dataclass(frozen=True)
class DocumentLink:
    title: str
    url: str


def document_links(text: str) -> list[DocumentLink]:
    """``"Kontrakt https://…"`` per line → links; a line without a title shows its address.

    Raises ``ValidationError`` naming the line that is not a title followed by a web address."""
    links = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _LINK_LINE.match(line)
        try:
            if match is None:
                raise ValidationError("no address")
            _URL(match["url"])
        except ValidationError as exc:
            raise ValidationError(
                _("Line %(number)d is not a title followed by a web address (https://…): %(line)s"),
                params={"number": number, "line": line},
            ) from exc
        links.append(DocumentLink(match["title"].rstrip(" :-\u2013") or match["url"], match["url"]))
    return links


class Contract(OnProductOrProgram, TrackedModel, ArchivableModel):
    """A contract with a supplier about a product or a program (exactly one)."""

    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(
        _("contract number"),
        max_length=100,
        blank=True,
        help_text=_("The number or case number on the contract."),
    )
    supplier = models.ForeignKey(
        "portfolio.Organisation",
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="contracts",
        limit_choices_to={"kind": OrganisationKind.SUPPLIER},
    )
    product = models.ForeignKey(
        "portfolio.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    program = models.ForeignKey(
        "portfolio.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ContractKind.choices)
    value = OreField(
        _("value"),
        validators=[MinValueValidator(0)],
        help_text=_("The contract's total value, excluding VAT."),
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.DKK)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True, help_text=_("Empty: it runs until notice."))
    notice_months = models.PositiveSmallIntegerField(
        _("notice period (months)"),
        default=0,
        help_text=_("Notice must be given this many months before the end."),
    )
    notice_by = models.DateField(_("notice by"), null=True, blank=True, editable=False)
    notice_given_on = models.DateField(_("notice given on"), null=True, blank=True)
    options_left = models.PositiveSmallIntegerField(
        _("options to extend left"), default=0, help_text=_("How many times it can still be extended.")
    )
    options_until = models.DateField(
        _("options extend it until"),
        null=True,
        blank=True,
        help_text=_("The last end date the options reach."),
    )
    licence = models.CharField(
        _("licence clause"),
        max_length=30,
        choices=Licence.choices,
        default=Licence.MPL_2_0,
        blank=True,
        help_text=_("The OSI licence the supplier releases the code under."),
    )
    copyright_to = models.CharField(
        _("copyright assignment"), max_length=20, choices=CopyrightTo.choices, default=CopyrightTo.AUTHORITIES
    )
    data_processing = models.CharField(
        _("data-processing agreement"),
        max_length=3,
        choices=DataProcessing.choices,
        default=DataProcessing.NO,
    )
    data_processing_url = models.URLField(_("link to the data-processing agreement"), blank=True)
    sla = models.TextField(
        _("SLA terms"), blank=True, help_text=_("Markdown: response times, opening hours, …")
    )
    approved_by_body = models.ForeignKey(
        "portfolio.Body",
        verbose_name=_("approved by (body)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_contracts",
    )
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("approving decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    documents = models.TextField(
        _("documents"),
        blank=True,
        help_text=_("One per line: a title and a web address, e.g. Kontrakt https://…"),
    )
    notes = models.TextField(_("internal notes"), blank=True)

    internal_fields = ("notes", "value", "sla", "documents")

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [
            models.Index(fields=["-start_date", "-id"], name="contract_recent"),
            models.Index(fields=["notice_by", "end_date"], name="contract_deadlines"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="contract_value_not_negative"),
            exactly_one_target("contract_on_product_or_program"),
        ]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("suppliers:contract_detail", kwargs={"pk": self.pk})

    @property
    def value_display(self) -> str:
        return f"{format_number(self.value)} {self.currency}"

    @property
    def document_links(self) -> list[DocumentLink]:
        try:
            return document_links(self.documents)
        except ValidationError:  # stored before a rule changed: show nothing rather than fail
            return []

    @property
    def floss_warnings(self) -> list[str]:
        """What the FLOSS clauses every supplier contract must carry lack."""
        warnings = []
        if not self.licence:
            warnings.append(str(_("No licence clause: the code is not released under an OSI licence.")))
        if self.copyright_to == CopyrightTo.NONE:
            warnings.append(str(_("No copyright assignment: the supplier keeps the rights to the code.")))
        return warnings

    def deadlines(self) -> list[terms.Deadline]:
        return terms.deadlines(
            end=self.end_date,
            notice_months=self.notice_months,
            options_left=self.options_left,
            options_until=self.options_until,
            notice_given=self.notice_given_on is not None,
        )

    def is_running(self, today: datetime.date) -> bool:
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)

    def clean(self) -> None:
        errors: dict[str, object] = dict(self.target_errors(self.decision if self.decision_id else None))
        if self.supplier_id and self.supplier.kind != OrganisationKind.SUPPLIER:
            errors["supplier"] = _("Choose an organisation of the kind supplier.")
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end cannot be before the start.")
        if self.notice_months and self.end_date and self.start_date:
            notice = terms.notice_date(self.end_date, self.notice_months)
            if notice is not None and notice < self.start_date:
                errors["notice_months"] = _("The notice period is longer than the contract.")
        if self.options_left and not self.options_until:
            errors["options_until"] = _("Say how far the options can extend the contract.")
        if self.options_until and self.end_date and self.options_until <= self.end_date:
            errors["options_until"] = _("The options must reach beyond the end.")
        if self.data_processing != DataProcessing.YES and self.data_processing_url:
            errors["data_processing_url"] = _(
                "Only a contract with a data-processing agreement links to one."
            )
        try:
            document_links(self.documents)
        except ValidationError as exc:
            errors["documents"] = exc
        if errors:
            raise ValidationError(errors)
        self.notice_by = terms.notice_date(self.end_date, self.notice_months)
