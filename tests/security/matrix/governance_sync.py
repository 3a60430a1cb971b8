"""Rows for a product's governance repository (issue 13, item 4): its settings page, the two actions
that start the jobs, a sync's page, its confirmation and its patch, and the API. Only those who may
change the product (alice, bob, carol) get in; others who see the product are refused, the rest do
not find it. The rows never reach a network: the repository's address is refused, the syncs are past
confirming, and there is no push token."""

from __future__ import annotations

from typing import Any

from programkontor.governance.models import GovernanceRepository, RepositorySync
from tests.security.matrix import EDIT_PRODUCT, Row, everyone

WRITERS_ONLY = "A:login S:ok B:ok G:missing C:ok D:missing E:missing F:missing M:missing"
STARTED = EDIT_PRODUCT.replace(":ok", ":redirect")
CONFIRMED = WRITERS_ONLY.replace(":ok", ":redirect")
API_READ = WRITERS_ONLY.replace("A:login", "A:missing")
API_ACTION = WRITERS_ONLY.replace(":ok", ":invalid")
API_ADD = "A:login S:invalid B:invalid G:invalid C:invalid D:denied E:denied F:denied M:denied"
READ_ONLY = everyone("notallowed").replace("A:notallowed", "A:login")


class Sync:
    """OS2alpha's repository (an address the server refuses) with an applied preview and an export."""

    def __init__(self, w: Any) -> None:
        self.repository = GovernanceRepository.objects.create(
            product=w.product, address="/nowhere/governance", branch="main"
        )
        self.preview = RepositorySync.objects.create(
            repository=self.repository, kind="preview", state="applied", commit="a" * 40
        )
        self.export = RepositorySync.objects.create(
            repository=self.repository, kind="export", state="ready", commit="a" * 40, diff="diff --git a b\n"
        )


def sync(w: Any) -> Sync:
    if not hasattr(w, "_sync"):
        w._sync = Sync(w)
    return w._sync  # type: ignore[no-any-return]


def product(w: Any) -> dict[str, Any]:
    sync(w)
    return {"parent": w.product.slug}


WEB: dict[str, Row] = {
    "governance:repository_settings": Row(product, EDIT_PRODUCT),
    "governance:repository_preview": Row(product, STARTED, method="post"),
    "governance:repository_export": Row(product, STARTED, method="post"),
    "governance:repository_sync": Row(lambda w: {"pk": sync(w).preview.pk}, WRITERS_ONLY),
    "governance:repository_apply": Row(lambda w: {"pk": sync(w).preview.pk}, CONFIRMED, method="post"),
    "governance:repository_push": Row(lambda w: {"pk": sync(w).export.pk}, CONFIRMED, method="post"),
    "governance:repository_patch": Row(lambda w: {"pk": sync(w).export.pk}, WRITERS_ONLY),
}


def repository(w: Any) -> dict[str, Any]:
    return {"pk": sync(w).repository.pk}


API: dict[tuple[str, str], Row] = {
    ("api:governancerepository-list", "get"): Row(outcomes=everyone("ok"), api=True),
    ("api:governancerepository-list", "post"): Row(
        outcomes=API_ADD,
        api=True,
        data=lambda w: {"product": w.product.pk, "address": "ssh://git@example.org/x.git", "branch": "main"},
    ),
    ("api:governancerepository-detail", "get"): Row(repository, API_READ, api=True),
    ("api:governancerepository-detail", "patch"): Row(
        repository, WRITERS_ONLY, api=True, data=lambda w: {"branch": "develop"}
    ),
    ("api:governancerepository-detail", "delete"): Row(repository, WRITERS_ONLY, api=True),
    ("api:governancerepository-preview", "post"): Row(repository, API_ACTION, api=True),
    ("api:governancerepository-export", "post"): Row(repository, API_ACTION, api=True),
    ("api:repositorysync-list", "get"): Row(outcomes=everyone("ok"), api=True),
    ("api:repositorysync-list", "post"): Row(outcomes=READ_ONLY, api=True),
    ("api:repositorysync-detail", "get"): Row(lambda w: {"pk": sync(w).preview.pk}, API_READ, api=True),
    ("api:repositorysync-detail", "patch"): Row(lambda w: {"pk": sync(w).preview.pk}, READ_ONLY, api=True),
    ("api:repositorysync-detail", "delete"): Row(lambda w: {"pk": sync(w).preview.pk}, READ_ONLY, api=True),
    ("api:repositorysync-apply", "post"): Row(lambda w: {"pk": sync(w).preview.pk}, API_ACTION, api=True),
    ("api:repositorysync-push", "post"): Row(lambda w: {"pk": sync(w).export.pk}, API_ACTION, api=True),
}
