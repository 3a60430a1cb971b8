"""Roles from a login: the secretariat's rules that turn an identity provider's groups into roles, and
the record of what each rule gave to whom (so a role the rules no longer give is ended again)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import TrackedModel
from programkontor.portfolio.models.bodies import MembershipRole
from programkontor.portfolio.models.roles import PROGRAM_ROLES, Role


class LoginGrant(models.TextChoices):
    """What a rule gives: the secretariat flag, an operative role, or a membership of a body."""

    SECRETARIAT = "secretariat", _("Secretariat")
    PROGRAM_MANAGER = Role.PROGRAM_MANAGER.value, Role.PROGRAM_MANAGER.label
    PRODUCT_COORDINATOR = Role.PRODUCT_COORDINATOR.value, Role.PRODUCT_COORDINATOR.label
    PRODUCT_OWNER = Role.PRODUCT_OWNER.value, Role.PRODUCT_OWNER.label
    COMMUNITY_MANAGER = Role.COMMUNITY_MANAGER.value, Role.COMMUNITY_MANAGER.label
    SUPPLIER_CONTACT = Role.SUPPLIER_CONTACT.value, Role.SUPPLIER_CONTACT.label
    MEMBERSHIP = "membership", _("Member of a body")


class LoginRoleRule(TrackedModel):
    """ "Whoever logs in through *provider* with the group *group* is *grants* of *target*".

    Applied at every login (``portfolio/sso_roles.py``): a role the rules give is created, one they
    no longer give is ended. A login whose groups match no rule gets no role (deny by default)."""

    provider = models.CharField(
        _("identity provider"),
        max_length=50,
        blank=True,
        help_text=_("The key of the provider in the configuration (e.g. kk); empty: any provider."),
    )
    group = models.CharField(
        _("group"),
        max_length=300,
        help_text=_(
            "A value of the group or role claim, e.g. the name or ID of a group in AD (case is ignored)."
        ),
    )
    grants = models.CharField(_("gives"), max_length=30, choices=LoginGrant.choices)
    program = models.ForeignKey(
        "portfolio.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    product = models.ForeignKey(
        "portfolio.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    body = models.ForeignKey(
        "portfolio.Body",
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    membership_role = models.CharField(
        _("role in the body"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
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
    is_active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["provider", "group", "grants"]
        verbose_name = _("rule for roles from login")
        verbose_name_plural = _("rules for roles from login")

    def __str__(self) -> str:
        target = self.program or self.product or self.body
        provider = self.provider or "*"
        gives = self.get_grants_display()
        return f"{provider}: {self.group} → {gives}" + (f" ({target})" if target else "")

    def clean(self) -> None:
        targets = {"program": self.program_id, "product": self.product_id, "body": self.body_id}
        if self.grants == LoginGrant.SECRETARIAT:
            needed: set[str] = set()
        elif self.grants in PROGRAM_ROLES:
            needed = {"program"}
        elif self.grants == LoginGrant.MEMBERSHIP:
            needed = {"body"}
        else:
            needed = {"product"}
        wrong = {name for name, value in targets.items() if bool(value) != (name in needed)}
        if wrong:
            raise ValidationError(
                {
                    name: _("Give this for the role chosen, and nothing else.")
                    if name in needed
                    else _("Leave this empty for the role chosen.")
                    for name in wrong
                }
            )
        if self.grants == LoginGrant.SUPPLIER_CONTACT and not self.organisation_id:
            raise ValidationError({"organisation": _("A supplier contact acts on behalf of a supplier.")})
        if self.grants != LoginGrant.SUPPLIER_CONTACT and self.organisation_id:
            raise ValidationError({"organisation": _("Leave this empty for the role chosen.")})
        self.group = self.group.strip()
        self.provider = self.provider.strip().lower()


class LoginRoleGrantRecord(models.Model):
    """A role (or the secretariat flag) that a rule gave a person at a login."""

    person = models.ForeignKey(
        "portfolio.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="login_grants"
    )
    rule = models.ForeignKey(
        LoginRoleRule,
        verbose_name=_("rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    grants = models.CharField(_("gives"), max_length=30, choices=LoginGrant.choices)
    role_assignment = models.OneToOneField(
        "portfolio.RoleAssignment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="login_grant",
    )
    membership = models.OneToOneField(
        "portfolio.Membership", null=True, blank=True, on_delete=models.CASCADE, related_name="login_grant"
    )
    granted_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        ordering = ["granted_at"]
        verbose_name = _("role from login")
        verbose_name_plural = _("roles from login")

    def __str__(self) -> str:
        return f"{self.person}: {self.get_grants_display()}"
