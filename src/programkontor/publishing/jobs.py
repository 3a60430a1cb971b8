"""The transparency site as a background job: built as the anonymous reader sees it, kept as a zip.

The secretariat starts it from ``/gennemsigtighed/``; the archive is written to ``PUBLISHING_ROOT``
(by default ``DATA_DIR/publishing/``; never served as a static file) and downloaded through the gate.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _

from programkontor.core.access import access_for
from programkontor.core.jobs import Progress, register_job
from programkontor.core.models import Job
from programkontor.publishing.output import Format
from programkontor.publishing.services import build
from programkontor.publishing.writer import zip_bytes

KIND = "publishing.site"


def archive_path(job: Job) -> Path:
    return Path(settings.PUBLISHING_ROOT) / f"site-{job.pk}.zip"


def archive_name(job: Job) -> str:
    program = job.arguments.get("program") or "alt"
    return f"gennemsigtighed-{job.arguments.get('format', 'html')}-{program}.zip"


@register_job(KIND)
def publish_site_job(job: Job, progress: Progress) -> str:
    """Build the site in the format asked for, zip it, and point at the download."""
    if not (job.owner and access_for(job.owner).is_secretariat):
        raise PermissionDenied(_("Only the secretariat publishes the transparency site."))
    files = build(
        Format(job.arguments["format"]), program=job.arguments.get("program") or None, progress=progress
    )
    target = archive_path(job)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    partial.write_bytes(zip_bytes(files))
    partial.replace(target)
    progress(8, 8, _("%(count)d files.") % {"count": len(files)})
    return reverse("publishing:download", kwargs={"pk": job.pk})
