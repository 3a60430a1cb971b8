"""Each person's lawful basis and the source of their data, and the log of erasures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import TrackedModel


class LawfulBasis(models.TextChoices):
    """The lawful bases of the GDPR's article 6(1)."""

    CONSENT = "consent", _("Consent (art. 6(1)(a))")
    CONTRACT = "contract", _("Contract (art. 6(1)(b))")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (art. 6(1)(c))")
    VITAL_INTERESTS = "vital_interests", _("Vital interests (art. 6(1)(d))")
    PUBLIC_TASK = "public_task", _("Task in the public interest (art. 6(1)(e))")
    LEGITIMATE_INTERESTS = "legitimate_interests", _("Legitimate interests (art. 6(1)(f))")


class PersonalDataBasis(TrackedModel):
    """Why we may keep a person's data, and where it came from (one per person)."""

    person = models.OneToOneField(
        "portfolio.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="personal_data_basis",
    )
    lawful_basis = models.CharField(_("lawful basis"), max_length=30, choices=LawfulBasis.choices)
    source = models.CharField(
        _("source"),
        max_length=300,
        help_text=_(
            "Where the data came from, e.g. the member's accession agreement or the person themself."
        ),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("lawful basis and source")
        verbose_name_plural = _("lawful bases and sources")

    def __str__(self) -> str:
        return f"{self.get_lawful_basis_display()}: {self.source}"

    def get_absolute_url(self) -> str:
        return self.person.get_absolute_url()


class Erasure(models.Model):
    """That a person's data was erased: who did it and when, and how many rows, never the data itself."""

    person_id = models.PositiveIntegerField(_("person number"), db_index=True)
    erased_at = models.DateTimeField(_("erased"), default=timezone.now)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erased by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: Rows changed or removed per place (``app.model`` and ``app.model (history)``).
    counts = models.JSONField(_("rows"), default=dict)

    objects: models.Manager[Erasure] = models.Manager()

    class Meta:
        ordering = ["-erased_at", "-id"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self) -> str:
        return f"#{self.person_id} {self.erased_at:%Y-%m-%d %H:%M}"
