from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import ArchivableModel, PublishableModel, TrackedModel


class BodyKind(models.TextChoices):
    BOARD = "board", _("Board")
    STEERING = "steering", _("Steering group")
    COORDINATION = "coordination", _("Coordination group")
    INTEREST = "interest", _("Interest group")
    PROJECT = "project", _("Project group")
    WORKING = "working", _("Working group")
    NETWORK = "network", _("Network")
    OTHER = "other", _("Other group")


#: Groups that work on one program or product: they belong to one, and their members read its internal data.
PRODUCT_BODIES = (BodyKind.STEERING, BodyKind.COORDINATION, BodyKind.PROJECT, BodyKind.WORKING)


class Body(TrackedModel, PublishableModel, ArchivableModel):
    """A group that meets and decides or advises: the board, a steering, coordination, interest, project or
    working group, a network or another group."""

    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    program = models.ForeignKey(
        "portfolio.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bodies",
    )
    product = models.ForeignKey(
        "portfolio.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bodies",
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown: purpose and mandate.")
    )
    notes = models.TextField(_("internal notes"), blank=True)

    internal_fields = ("notes",)

    class Meta:
        ordering = ["name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    #: What ``__str__`` reads: a filter form's options load only these (``GatedFilterSet``).
    choice_label_fields = ("name",)

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.program_id and self.product_id:
            raise ValidationError(_("A body belongs to a program or to a product, not both."))
        if self.kind == BodyKind.BOARD and (self.program_id or self.product_id):
            raise ValidationError(_("The board belongs to the association, not to a program or product."))
        if self.kind in PRODUCT_BODIES and not (self.program_id or self.product_id):
            raise ValidationError(
                _("A steering, coordination, project or working group belongs to a program or a product.")
            )

    def get_absolute_url(self) -> str:
        return reverse("portfolio:body_detail", kwargs={"pk": self.pk})


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


class Membership(TrackedModel):
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        "portfolio.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    represents = models.ForeignKey(
        "portfolio.Organisation",
        verbose_name=_("represents"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["body", "role", "person__last_name"]
        indexes = [models.Index(fields=["body", "role"], name="membership_body_role")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.person} — {self.body} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    def get_absolute_url(self) -> str:
        return self.body.get_absolute_url()
