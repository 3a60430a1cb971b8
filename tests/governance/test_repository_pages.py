"""The pages of a product's governance repository as their readers see them: the preview's groups with
the changed fields and the lines of what could not be read, an export's diff escaped, the push button
only with a token on the server, and settings that refuse a token written where its name belongs."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from programkontor.governance.models import GovernanceRepository, RepositorySync


def repository(world: Any, **fields: Any) -> GovernanceRepository:
    values = {"address": "https://example.org/os2alpha-governance.git", "branch": "main", **fields}
    return GovernanceRepository.objects.create(product=world.product, **values)


def page(world: Any, user: str, url: str) -> str:
    client = Client()
    client.force_login(world[user])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_preview_names_the_changed_fields_and_the_line_of_what_could_not_be_read(world: Any) -> None:
    sync = RepositorySync.objects.create(
        repository=repository(world),
        kind="preview",
        state="ready",
        commit="c0ffee" * 6,
        result={
            "decisions": [
                {"title": "Ny version", "date": "2026-05-07", "source_file": "b/ny.md", "action": "created"},
                {
                    "title": "Frikøb",
                    "date": "2025-02-10",
                    "source_file": "b/frikoeb.md",
                    "action": "updated",
                    "changed": ["title", "decided_by_body_id"],
                },
            ],
            "meetings": [
                {
                    "title": "Styregruppemøde",
                    "date": "2026-08-06",
                    "source_file": "m/1.md",
                    "action": "updated",
                    "changed": ["attendance", "agenda_items"],
                }
            ],
            "unmapped": [
                {
                    "source_file": "m/2.md",
                    "field": "Tid",
                    "value": "ukendt",
                    "reason": "ingen dato",
                    "line": 6,
                }
            ],
        },
    )
    html = page(world, "carol", sync.get_absolute_url())
    assert "Oprettes (1)" in html and "Ændres (2)" in html and "Uændret (0)" in html
    assert "<td>titel, besluttet af (organ)</td>" in html
    assert "<td>fremmøde, dagsordenspunkter</td>" in html
    assert "<td>6</td>" in html and "ukendt" in html
    assert 'id="sync-apply"' in html


def test_an_exports_diff_is_escaped_and_pushing_is_left_to_the_person_without_a_token(world: Any) -> None:
    sync = RepositorySync.objects.create(
        repository=repository(world, token_variable="GOVERNANCE_TOKEN_TEST_UNSET"),
        kind="export",
        state="ready",
        diff="diff --git a/x.md b/x.md\n+<script>alert(1)</script>\n-gammel\n",
    )
    html = page(world, "bob", sync.get_absolute_url())
    assert "<script>alert(1)</script>" not in html
    assert '<span class="pk-diff-add">+&lt;script&gt;alert(1)&lt;/script&gt;</span>' in html
    assert 'id="sync-by-hand"' in html and 'id="sync-push"' not in html
    assert reverse("governance:repository_patch", args=[sync.pk]) in html


def test_the_push_button_shows_when_the_server_holds_the_token(world: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("GOVERNANCE_TOKEN_TEST", "a-token-for-the-page-test")
    sync = RepositorySync.objects.create(
        repository=repository(world, token_variable="GOVERNANCE_TOKEN_TEST"),
        kind="export",
        state="ready",
        diff="diff --git a/x.md b/x.md\n+ny\n",
    )
    html = page(world, "alice", sync.get_absolute_url())
    assert 'id="sync-push"' in html and "grenen main" in html
    assert "a-token-for-the-page-test" not in html


def test_the_settings_refuse_a_token_where_its_name_belongs(world: Any) -> None:
    client = Client()
    client.force_login(world["carol"])
    url = reverse("governance:repository_settings", kwargs={"parent": world.product.slug})
    response = client.post(
        url,
        {"address": "https://example.org/g.git", "branch": "main", "token_variable": "ghp_abc123secret"},
    )
    assert response.status_code == 400
    assert "aldrig selve tokenet" in response.content.decode()
    assert not GovernanceRepository.objects.exists()
