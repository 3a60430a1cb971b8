from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import ArchivableModel, TrackedModel
from programkontor.economy.chart_of_accounts import ASSOCIATION_COST_ELEMENT, EXPENSE, INCOME, full_number
from programkontor.economy.models.common import owner_field, owner_label, unique_per_owner


class AccountKind(models.TextChoices):
    INCOME = INCOME, _("Income")
    EXPENSE = EXPENSE, _("Expense")


class Account(TrackedModel, ArchivableModel):
    """An account of the chart: the association's, or a product's under its cost element."""

    product = owner_field("accounts")
    number = models.CharField(
        _("account number"),
        max_length=5,
        validators=[RegexValidator(r"^\d{5}$", _("An account number has five digits, e.g. 00005."))],
        help_text=_("The last five digits, e.g. 00005; the cost element comes from the product."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=AccountKind.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)

    #: The full number shows the product's cost element, which is internal to the product.
    internal_fields = ("full_number",)

    class Meta:
        ordering = ["number", "pk"]
        indexes = [models.Index(fields=["number", "id"], name="account_number_order")]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = unique_per_owner(["number"], "account_number_once")

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def owner_label(self) -> str:
        return owner_label(self.product)

    @property
    def cost_element(self) -> str:
        return self.product.cost_element if self.product_id else ASSOCIATION_COST_ELEMENT

    @property
    def full_number(self) -> str:
        return full_number(self.cost_element, self.number)

    @property
    def is_income(self) -> bool:
        return self.kind == AccountKind.INCOME

    def clean(self) -> None:
        if self.pk:
            stored = Account.objects.filter(pk=self.pk).values("product_id", "number").first()
            if stored and stored["product_id"] != self.product_id:
                raise ValidationError({"product": _("An account cannot move to another product.")})

    def get_absolute_url(self) -> str:
        query = f"?product={self.product.slug}" if self.product_id else "?association=true"
        return reverse("economy:account_list") + query
