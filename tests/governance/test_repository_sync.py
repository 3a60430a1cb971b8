"""Syncing a product's governance repository from the browser's services: real Git repositories
built in tmp_path, fetched into a working copy, previewed, applied, written back and pushed over HTTP
(``tests/git_http.py``) with a token from the environment."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from programkontor.core import services as core_services
from programkontor.core.models import Job
from programkontor.governance.models import (
    Decision,
    GovernanceRepository,
    Meeting,
    RepositorySync,
    SyncState,
)
from programkontor.governance.services import repository as sync_service
from tests import factories as f
from tests.conftest import os2_corpus
from tests.git_http import GIT, _clean_env, git_http_server, publish

FIXTURE = Path(__file__).with_name("repo_fixture")
DECISION = "beslutninger/2026-05-07-ny-version-i-2027.md"
TOKEN = "ghp_s3cret-T0ken-for-the-tests-0123456789"


def git(cwd: Path, *args: str) -> str:
    env = {
        **_clean_env(),
        "GIT_AUTHOR_NAME": "Tester",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "Tester",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    result = subprocess.run([GIT, *args], cwd=cwd, env=env, check=True, capture_output=True)
    return result.stdout.decode()


def make_repository(source: Path, target: Path) -> Path:
    """``source``'s files as a Git repository with one commit on ``main``."""
    shutil.copytree(source, target)
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "Governance")
    return target


@pytest.fixture
def places(settings: Any, tmp_path: Path) -> Path:
    settings.GOVERNANCE_WORKING_COPIES = tmp_path / "working-copies"
    settings.PROGRAMKONTOR_GOVERNANCE_LOCAL_ROOTS = [str(tmp_path / "repositories")]
    (tmp_path / "repositories").mkdir()
    return tmp_path / "repositories"


@pytest.fixture
def origin(world: Any, places: Path) -> Path:
    f.BodyFactory(kind="coordination", name="Koordinationsgruppen for OS2alpha", product=world.product)
    return make_repository(FIXTURE, places / "os2alpha-governance")


def settings_for(world: Any, address: str | Path, **fields: Any) -> GovernanceRepository:
    return sync_service.save_repository(
        actor=world["carol"],
        product=world.product,
        fields={"address": str(address), "branch": "main", **fields},
    )


def previewed(world: Any, repository: GovernanceRepository) -> RepositorySync:
    sync = sync_service.start_preview(actor=world["carol"], repository=repository)
    sync.refresh_from_db()
    return sync


def rows(sync: RepositorySync, kind: str, action: str) -> list[str]:
    return sorted(row["source_file"] for row in sync.result[kind] if row["action"] == action)


def test_a_preview_shows_what_would_be_created_and_what_could_not_be_read_with_its_line(
    world: Any, origin: Path
) -> None:
    repository = settings_for(world, origin)
    sync = previewed(world, repository)

    assert sync.state == SyncState.READY, sync.error
    assert sync.commit == git(origin, "rev-parse", "HEAD").strip()
    assert "beslutninger/2025-02-10-frikoeb-af-produktkoordinator.md" in rows(sync, "decisions", "created")
    assert rows(sync, "meetings", "created") == [
        "dagsordner-og-referater/koordinationsgruppe/20261005_OS2alphaKoordinationsgruppe.md",
        "dagsordner-og-referater/koordinationsgruppe/20261105.md",
        "dagsordner-og-referater/styregruppe/20260604_OS2alphaStyregruppe.md",
        "dagsordner-og-referater/styregruppe/20260806_OS2alphaStyregruppe.md",
    ]
    undated = [item for item in sync.result["unmapped"] if item["source_file"] == "beslutninger/uden-dato.md"]
    assert undated, sync.result["unmapped"]
    text = (origin / "beslutninger/uden-dato.md").read_text().splitlines()
    for item in undated:
        if item["line"] is not None:
            assert (item["value"] or item["field"]) in text[item["line"] - 1]
    assert any(item["line"] for item in sync.result["unmapped"])
    # A preview writes nothing.
    assert not Decision.objects.filter(product=world.product).exists()
    assert sync.job is not None and sync.job.status == "done"
    assert sync.job.result_url == sync.get_absolute_url()


def test_applying_the_preview_imports_it_and_names_the_actor_in_the_history(world: Any, origin: Path) -> None:
    sync = previewed(world, settings_for(world, origin))
    created = len(rows(sync, "decisions", "created"))

    applied = sync_service.start_apply(actor=world["bob"], sync=sync)
    applied.refresh_from_db()

    assert applied.state == SyncState.APPLIED, applied.error
    assert applied.applied_by == world["bob"]
    assert Decision.objects.filter(product=world.product).count() == created
    decision = Decision.objects.get(source_path="beslutninger/2025-02-10-frikoeb-af-produktkoordinator.md")
    assert decision.history.earliest().history_user == world["bob"]
    assert Meeting.objects.filter(body__product=world.product).count() == 4
    # Once applied it cannot be applied again; a new preview changes nothing.
    with pytest.raises(ValidationError):
        sync_service.start_apply(actor=world["bob"], sync=applied)
    again = previewed(world, applied.repository)
    assert rows(again, "decisions", "created") == [] and rows(again, "decisions", "updated") == []


def test_a_preview_is_refused_when_the_repository_moved_on_since(world: Any, origin: Path) -> None:
    sync = previewed(world, settings_for(world, origin))
    (origin / "beslutninger/2026-12-01-ny.md").write_text(
        (origin / "beslutninger/2026-05-07-ny-version-i-2027.md")
        .read_text()
        .replace("2026-05-07", "2026-12-01")
    )
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "Ny beslutning")

    refused = sync_service.start_apply(actor=world["carol"], sync=sync)
    refused.refresh_from_db()

    assert refused.state == SyncState.FAILED
    assert "flyttet sig" in refused.error or "moved on" in refused.error
    assert not Decision.objects.filter(product=world.product).exists()
    assert Job.objects.get(pk=refused.job_id).status == "failed"


def test_a_preview_is_refused_when_programkontors_records_changed_since(world: Any, origin: Path) -> None:
    repository = settings_for(world, origin)
    first = previewed(world, repository)
    sync_service.start_apply(actor=world["carol"], sync=first)
    meeting = Meeting.objects.get(source_path__endswith="20260806_OS2alphaStyregruppe.md")
    title = meeting.title
    core_services.update(
        meeting, actor=world["carol"], expected_version=meeting.version, changes={"title": "X"}
    )
    preview = previewed(world, repository)
    assert rows(preview, "meetings", "updated") == [
        "dagsordner-og-referater/styregruppe/20260806_OS2alphaStyregruppe.md"
    ]
    changed = next(row for row in preview.result["meetings"] if row["action"] == "updated")
    assert changed["changed"] == ["title"]
    # Changed again in Programkontor before the preview is applied: the plan no longer holds.
    meeting.refresh_from_db()
    core_services.update(
        meeting, actor=world["carol"], expected_version=meeting.version, changes={"title": title}
    )

    refused = sync_service.start_apply(actor=world["carol"], sync=preview)
    refused.refresh_from_db()
    assert refused.state == SyncState.FAILED
    meeting.refresh_from_db()
    assert meeting.title == title


def exported(
    world: Any, repository: GovernanceRepository, model: Any, path: str, **changes: str
) -> RepositorySync:
    """Apply the repository's preview, change one imported record in Programkontor, write back."""
    sync_service.start_apply(actor=world["carol"], sync=previewed(world, repository))
    record = model.objects.get(source_path__endswith=path)
    core_services.update(record, actor=world["carol"], expected_version=record.version, changes=changes)
    export = sync_service.start_export(actor=world["carol"], repository=repository)
    export.refresh_from_db()
    assert export.state == SyncState.READY, export.error
    return export


def test_writing_back_writes_only_what_changed_and_shows_the_diff(world: Any, origin: Path) -> None:
    repository = settings_for(world, origin, write_internal=True)
    export = exported(
        world, repository, Meeting, "20260806_OS2alphaStyregruppe.md", title="Ekstraordinært styregruppemøde"
    )

    assert export.result["meetings"] == [
        "dagsordner-og-referater/styregruppe/20260806_OS2alphaStyregruppe.md"
    ]
    assert export.result["decisions"] == []
    assert "diff --git a/dagsordner-og-referater/styregruppe/20260806_OS2alphaStyregruppe.md" in export.diff
    assert "+**Mødenavn**: Ekstraordinært styregruppemøde" in export.diff
    assert "-**Mødenavn**: OS2alpha styregruppemøde" in export.diff
    assert export.diff.count("diff --git") == 1
    # Nothing to push without a token: starting a push is refused.
    with pytest.raises(ValidationError):
        sync_service.start_push(actor=world["carol"], sync=export)
    # The origin is untouched: pushing is the person's step.
    assert "Ekstraordinært" not in (origin / export.result["meetings"][0]).read_text()


def test_the_corpus_folder_previews_its_seven_project_group_meetings(places: Path, db: Any) -> None:
    user = f.UserFactory(is_secretariat=True)
    product = f.ProductFactory(name="OS2 AI Heat Control", slug="ai-heatcontrol", kind="project")
    f.BodyFactory(kind="project", name="Projektgruppen", product=product)
    origin = make_repository(os2_corpus("project-group-ai-heatcontrol"), places / "heatcontrol")
    repository = sync_service.save_repository(
        actor=user, product=product, fields={"address": str(origin), "branch": "main"}
    )
    sync = sync_service.start_preview(actor=user, repository=repository)
    sync.refresh_from_db()
    assert sync.state == SyncState.READY, sync.error
    assert sync.result["summary"]["meetings"] == {"created": 7, "updated": 0, "unchanged": 0}
    sync_service.start_apply(actor=user, sync=sync)
    assert Meeting.objects.filter(body__product=product).count() == 7


def test_only_those_who_change_the_product_keep_its_repository(world: Any, origin: Path) -> None:
    for name in ("dave", "erin", "frank", "mallory", "grace"):
        with pytest.raises(PermissionDenied):
            sync_service.save_repository(
                actor=world[name], product=world.product, fields={"address": str(origin)}
            )
    repository = settings_for(world, origin)
    with pytest.raises(PermissionDenied):
        sync_service.start_preview(actor=world["dave"], repository=repository)


@pytest.mark.parametrize(
    "address",
    [
        "/etc",
        "file:///etc",
        "ssh://git@example.org/x.git",
        "git@github.com:OS2/x.git",
        "http://127.0.0.1/x.git",
    ],
)
def test_an_address_the_server_may_not_read_is_refused(world: Any, places: Path, address: str) -> None:
    with pytest.raises(ValidationError) as error:
        settings_for(world, address)
    assert "address" in error.value.message_dict
    assert not GovernanceRepository.objects.exists()


def test_a_push_token_is_sent_from_the_environment_and_never_stored_or_logged(
    world: Any, origin: Path, tmp_path: Path, monkeypatch: Any, caplog: Any
) -> None:
    caplog.set_level(logging.DEBUG)
    served = tmp_path / "served"
    served.mkdir()
    bare = publish(origin, served, "governance.git")
    monkeypatch.setenv("GOVERNANCE_TOKEN_OS2ALPHA", TOKEN)
    with git_http_server(served, token=TOKEN) as base:
        repository = settings_for(
            world, f"{base}/governance.git", token_variable="GOVERNANCE_TOKEN_OS2ALPHA", write_internal=True
        )
        export = exported(world, repository, Decision, DECISION, risks="Ingen kendte.")
        pushed = sync_service.start_push(actor=world["carol"], sync=export)
        pushed.refresh_from_db()
        assert pushed.state == SyncState.PUSHED, pushed.error
        assert base.authorizations and all(TOKEN not in sent for sent in base.authorizations)

    log = git(bare, "log", "-1", "--format=%an <%ae>%n%s", "main")
    assert log.startswith("Carol Testsen <")
    assert "Ingen kendte." in git(bare, "show", "main:beslutninger/2026-05-07-ny-version-i-2027.md")
    assert pushed.pushed_commit == git(bare, "rev-parse", "main").strip()
    # The token is nowhere but in the environment: not in the database, the jobs or the log.
    stored = json.dumps(
        [
            list(GovernanceRepository.objects.values()),
            list(GovernanceRepository.history.values()),
            list(RepositorySync.objects.values()),
            list(Job.objects.values()),
        ],
        default=str,
    )
    assert TOKEN not in stored and "GOVERNANCE_TOKEN_OS2ALPHA" in stored
    assert TOKEN not in caplog.text
    assert all(TOKEN not in path.read_text(errors="replace") for path in tmp_path.rglob("config"))


def test_a_wrong_token_is_refused_by_the_server_and_not_shown(
    world: Any, origin: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    served = tmp_path / "served"
    served.mkdir()
    publish(origin, served, "governance.git")
    monkeypatch.setenv("GOVERNANCE_TOKEN_OS2ALPHA", "wrong-token-value-123456")
    with git_http_server(served, token=TOKEN) as base:
        repository = settings_for(world, f"{base}/governance.git", token_variable="GOVERNANCE_TOKEN_OS2ALPHA")
        sync_service.start_apply(actor=world["carol"], sync=previewed(world, repository))
        decision = Decision.objects.get(source_path="beslutninger/2026-05-07-ny-version-i-2027.md")
        core_services.set_published(
            decision, actor=world["carol"], expected_version=decision.version, published=True
        )
        decision.refresh_from_db()
        core_services.update(
            decision,
            actor=world["carol"],
            expected_version=decision.version,
            changes={"risks": "Ingen kendte."},
        )
        export = sync_service.start_export(actor=world["carol"], repository=repository)
        export.refresh_from_db()
        assert "Ingen kendte." in export.diff
        pushed = sync_service.start_push(actor=world["carol"], sync=export)
        pushed.refresh_from_db()
    assert pushed.state == SyncState.FAILED
    assert "wrong-token" not in pushed.error


def test_the_api_sets_the_repository_previews_and_applies(world: Any, origin: Path, api: Any) -> None:
    client = api("carol")
    created = client.post(
        "/api/governance-repositories/",
        {"product": world.product.pk, "address": str(origin), "branch": "main"},
        format="json",
    )
    assert created.status_code == 201, created.data
    assert created.data["token_variable"] == ""
    preview = client.post(f"/api/governance-repositories/{created.data['id']}/preview/")
    assert preview.status_code == 202
    assert preview.data["state"] == "ready" and preview.data["job_status"] == "done"
    assert preview.data["result"]["summary"]["meetings"]["created"] == 4
    applied = client.post(f"/api/governance-syncs/{preview.data['id']}/apply/")
    assert applied.status_code == 202 and applied.data["state"] == "applied"
    assert Meeting.objects.filter(body__product=world.product).count() == 4
    again = client.post(f"/api/governance-syncs/{preview.data['id']}/apply/")
    assert again.status_code == 400
    listed = client.get("/api/governance-syncs/", {"repository": created.data["id"]})
    assert [row["id"] for row in listed.data["results"]] == [preview.data["id"]]
    assert api("dave").post(f"/api/governance-syncs/{preview.data['id']}/apply/").status_code == 404
