"""Abstract base models every domain object builds on."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programkontor.core.gate import RestrictedQuerySet


class TrackedModel(models.Model):
    """A domain object with timestamps, an optimistic-locking version and a full history."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(inherit=True, excluded_fields=["updated_at", "created_at"])
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
