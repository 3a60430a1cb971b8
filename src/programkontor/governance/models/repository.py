"""A product's governance repository (where it is, which branch, how it is written back) and each
sync with it: a preview of an import, its application, an export with its diff and a push."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from programkontor.core.gate import RestrictedQuerySet
from programkontor.core.models import TrackedModel

BRANCH = re.compile(r"^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]{1,200}$")
VARIABLE = re.compile(r"^[A-Z][A-Z0-9_]{0,99}$")


class GovernanceRepository(TrackedModel):
    """Where a product's governance repository is. Never a secret: a push token stays in the
    server's environment, under the name ``token_variable`` says."""

    product = models.OneToOneField(
        "portfolio.Product",
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="governance_repository",
    )
    address = models.CharField(
        _("address"),
        max_length=500,
        help_text=_("The repository's https address, e.g. https://github.com/OS2sandbox/ai-heatcontrol."),
    )
    branch = models.CharField(_("branch"), max_length=200, default="main")
    token_variable = models.CharField(
        _("push token variable"),
        max_length=100,
        blank=True,
        help_text=_(
            "The name of an environment variable on the server that holds a token allowed to push to "
            "the repository, e.g. GOVERNANCE_TOKEN_AI_HEATCONTROL. Leave empty to push yourself."
        ),
    )
    write_internal = models.BooleanField(
        _("write unpublished records too"),
        default=False,
        help_text=_(
            "Write unpublished decisions and minutes and the names of people who are not public "
            "contacts too. Only for a private repository."
        ),
    )

    class Meta:
        verbose_name = _("governance repository")
        verbose_name_plural = _("governance repositories")
        ordering = ["product", "id"]

    def __str__(self) -> str:
        return f"{self.product}: {self.address}"

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if not BRANCH.match(self.branch or ""):
            errors["branch"] = _("A branch name of letters, digits, '.', '_', '-' and '/'.")
        if self.token_variable and not VARIABLE.match(self.token_variable):
            errors["token_variable"] = _(
                "The name of an environment variable: capital letters, digits and '_', e.g. "
                "GOVERNANCE_TOKEN. Write the name, never the token."
            )
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("governance:repository_settings", kwargs={"parent": self.product.slug})


class SyncKind(models.TextChoices):
    PREVIEW = "preview", _("Fetch changes")
    EXPORT = "export", _("Write to repository")


class SyncState(models.TextChoices):
    RUNNING = "running", _("Running")
    READY = "ready", _("Ready")
    APPLIED = "applied", _("Applied")
    PUSHED = "pushed", _("Pushed")
    FAILED = "failed", _("Failed")


class RepositorySync(models.Model):
    """One preview or export of a governance repository, made by a background job: the commit it
    read, what it found (``result``: the import's plan, or the files an export wrote) and, for an
    export, the diff of the working copy."""

    repository = models.ForeignKey(
        GovernanceRepository, verbose_name=_("repository"), on_delete=models.CASCADE, related_name="syncs"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SyncKind.choices)
    state = models.CharField(_("state"), max_length=10, choices=SyncState.choices, default=SyncState.RUNNING)
    job = models.ForeignKey(
        "core.Job", verbose_name=_("job"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    commit = models.CharField(_("commit"), max_length=64, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    diff = models.TextField(_("changes"), blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    pushed_commit = models.CharField(_("pushed commit"), max_length=64, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("repository sync")
        verbose_name_plural = _("repository syncs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["repository", "-created_at", "-id"], name="repositorysync_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.repository.product} {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("governance:repository_sync", kwargs={"pk": self.pk})
