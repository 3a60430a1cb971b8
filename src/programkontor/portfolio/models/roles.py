from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import TrackedModel


class Role(models.TextChoices):
    PROGRAM_MANAGER = "program_manager", _("Program manager")
    PRODUCT_COORDINATOR = "product_coordinator", _("Product coordinator")
    PRODUCT_OWNER = "product_owner", _("Product owner")
    COMMUNITY_MANAGER = "community_manager", _("Community manager")
    SUPPLIER_CONTACT = "supplier_contact", _("Supplier contact")


PROGRAM_ROLES = {Role.PROGRAM_MANAGER}


class RoleAssignment(TrackedModel):
    """A person holding an operative role on a program (program manager) or a product."""

    person = models.ForeignKey(
        "portfolio.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    program = models.ForeignKey(
        "portfolio.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    product = models.ForeignKey(
        "portfolio.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    organisation = models.ForeignKey(
        "portfolio.Organisation",
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For a supplier contact: the supplier."),
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["role", "person__last_name"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} ({self.target})"

    @property
    def target(self) -> object:
        return self.program or self.product

    def clean(self) -> None:
        if self.role in PROGRAM_ROLES:
            if not self.program_id or self.product_id:
                raise ValidationError(_("A program manager is assigned to a program."))
        elif not self.product_id or self.program_id:
            raise ValidationError(_("This role is assigned to a product."))
        if self.role == Role.SUPPLIER_CONTACT:
            from programkontor.portfolio.models.organisations import Organisation, OrganisationKind

            if not self.organisation_id:
                raise ValidationError({"organisation": _("A supplier contact acts on behalf of a supplier.")})
            if not Organisation.objects.filter(
                pk=self.organisation_id, kind=OrganisationKind.SUPPLIER
            ).exists():
                raise ValidationError({"organisation": _("Choose an organisation of the kind supplier.")})
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    def get_absolute_url(self) -> str:
        target = self.target
        return target.get_absolute_url() if target is not None else "/"  # type: ignore[attr-defined]
