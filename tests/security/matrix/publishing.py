"""Rows for publishing: the secretariat's page for the transparency site and the download of a built
site. Only the secretariat gets in; everyone else is refused before any job is looked up."""

from __future__ import annotations

from typing import Any

from tests.security.matrix import SECRETARIAT_ONLY, Row


def _built_site(w: Any) -> dict[str, Any]:
    """A finished site job of alice's whose archive is gone: the secretariat is told it is missing."""
    from programkontor.core.models import Job

    job = Job.objects.create(
        kind="publishing.site", title="Site", owner=w["alice"], status="done", arguments={"format": "html"}
    )
    return {"pk": job.pk}


WEB: dict[str, Row] = {
    "publishing:publish": Row(outcomes=SECRETARIAT_ONLY),
    "publishing:download": Row(_built_site, SECRETARIAT_ONLY.replace("S:ok", "S:missing")),
}
