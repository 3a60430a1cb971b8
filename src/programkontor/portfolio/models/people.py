from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import ArchivableModel, TrackedModel


class Person(TrackedModel, ArchivableModel):
    """A contact. Contact data is private unless the person is marked as a public contact."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "portfolio.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_public = models.BooleanField(
        _("public contact"),
        default=False,
        help_text=_("Name, title and contact data may be shown to anyone, e.g. a product's public contact."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    notes = models.TextField(_("internal notes"), blank=True)

    @property
    def internal_fields(self) -> tuple[str, ...]:  # type: ignore[override]
        """Contact data is internal too, unless the person is a public contact."""
        return ("notes", "user") if self.is_public else ("notes", "user", "email", "phone")

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["last_name", "first_name", "id"], name="person_name_order")]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(fields=["email"], condition=~Q(email=""), name="person_email_unique"),
        ]

    #: What ``__str__`` reads: a filter form's options load only these (``GatedFilterSet``).
    choice_label_fields = ("first_name", "last_name")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("portfolio:person_detail", kwargs={"pk": self.pk})
