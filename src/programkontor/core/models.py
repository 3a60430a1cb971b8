"""Abstract base models every domain object builds on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programkontor.core.gate import RestrictedQuerySet

if TYPE_CHECKING:
    _BigInteger = models.BigIntegerField[int, int]
else:
    _BigInteger = models.BigIntegerField


class OreField(_BigInteger):
    """An amount in whole øre (1 krone = 100 øre): exact, never a float. Stored as a plain big
    integer (migrations see a ``BigIntegerField``); history shows it in kroner."""

    def deconstruct(self) -> tuple[str, str, Sequence[Any], dict[str, Any]]:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.BigIntegerField", args, kwargs


class _HistoricalRecords(HistoricalRecords):
    """django-simple-history's history, where a model may name the history-table indexes no query
    needs (``history_unindexed``: its foreign keys, ``history_date``); each one costs every history
    row written (issue 14)."""

    def copy_fields(self, model: type[models.Model]) -> dict[str, object]:
        fields: dict[str, object] = super().copy_fields(model)
        for name in getattr(model, "history_unindexed", ()):
            if name in fields:
                vars(fields[name])["db_index"] = False  # the field's own flag, as db_index=False sets it
        return fields

    def get_extra_fields(self, model: type[models.Model], fields: dict[str, object]) -> dict[str, object]:
        extra: dict[str, object] = super().get_extra_fields(model, fields)
        if "history_date" in getattr(model, "history_unindexed", ()):
            extra["history_date"] = models.DateTimeField(db_index=False)
        return extra


class TrackedModel(models.Model):
    """A domain object with timestamps, an optimistic-locking version and a full history."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = _HistoricalRecords(inherit=True, excluded_fields=["updated_at", "created_at"])
    objects: Any = RestrictedQuerySet.as_manager()

    #: Fields hidden from visitors who may see the object only because it is published.
    internal_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True


class PublishableModel(models.Model):
    """Private until someone explicitly publishes it; the act is recorded in history."""

    is_published = models.BooleanField(_("published"), default=False, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class ArchivableModel(models.Model):
    """Archived objects stay (history, references) but drop out of everyday lists."""

    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    """Long work done in the background (see ``core/jobs.py``), with its progress for its page."""

    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    arguments = models.JSONField(_("arguments"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("of"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    result_url = models.CharField(_("result"), max_length=500, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects: Any = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="core_job_owner_recent")]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("core:job_detail", kwargs={"pk": self.pk})

    @property
    def percent(self) -> int:
        """How far the job has come, 0-100 (100 once it has finished)."""
        if self.status in (JobStatus.DONE, JobStatus.FAILED):
            return 100
        return min(100, round(100 * self.done / self.total)) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class SearchEntry(models.Model):
    """One object as the search finds it (``core/search.py``): kept current on every write.

    ``body`` holds what anyone who may see the object may read, ``internal`` its internal fields
    (``internal_fields``), matched and shown only to users allowed ``view_internal``. The database
    adds its own full-text index beside the table (migration ``0002_search_entry``): PostgreSQL's
    Danish ``tsvector`` columns and a trigram index on the title, SQLite's FTS5 table.
    """

    kind = models.CharField(_("kind"), max_length=60)
    object_id = models.PositiveBigIntegerField(_("object"))
    title = models.CharField(_("title"), max_length=500)
    url = models.CharField(_("address"), max_length=500)
    body = models.TextField(_("text"), blank=True)
    internal = models.TextField(_("internal text"), blank=True)

    objects: models.Manager[SearchEntry] = models.Manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="core_search_entry_object")]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"
