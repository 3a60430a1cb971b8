"""Repository evidence on real Git repositories built here: sub-projects' linters and container builds,
every README variant and a purpose in the opening text, activity on all branches, a second long-lived
line told from topic branches, and a repository with a damaged object."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from programkontor.evaluation import scoring
from programkontor.evaluation.repository import checks, readme_check, sources
from programkontor.evaluation.repository.sources import MemorySource
from tests.evaluation.repositories import GOOD_FILES, commit, git, make_repository

NOW = datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0)
JIB_POM = """<project>
  <artifactId>ui</artifactId>
  <build><plugins>
    <plugin><groupId>com.google.cloud.tools</groupId><artifactId>jib-maven-plugin</artifactId></plugin>
    <plugin><artifactId>maven-checkstyle-plugin</artifactId></plugin>
  </plugins></build>
</project>
"""


def by_check(result: checks.CheckResult) -> dict[str, checks.Finding]:
    return {finding.check: finding for finding in result.findings}


def check(path: Path) -> dict[str, checks.Finding]:
    with sources.open_source(str(path)) as source:
        return by_check(checks.run_checks(source))


def days_ago(days: float) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def without(*names: str, **extra: str) -> dict[str, str]:
    files = {name: text for name, text in GOOD_FILES.items() if name not in names}
    return {**files, **extra}


# Sub-projects


def test_linters_and_container_builds_in_sub_projects_are_found_and_named(tmp_path: Path) -> None:
    files = without(
        "CONTRIBUTING.md",
        "Dockerfile",
        **{
            "web/package.json": '{"name": "web", "scripts": {"build": "vite build"}}\n',
            "web/.eslintrc.json": '{"extends": "eslint:recommended"}\n',
            "ui/pom.xml": JIB_POM,
            "web/node_modules/left-pad/Dockerfile": "FROM node\n",
        },
    )
    found = check(make_repository(tmp_path / "repo", files))
    standards, container = found["code_standards"], found["container"]
    assert standards.light == scoring.YELLOW
    assert standards.path == "ui/pom.xml" or standards.path == "web/.eslintrc.json"
    assert set(standards.details["linters"]) == {"web/.eslintrc.json", "ui/pom.xml (maven-checkstyle-plugin)"}
    assert container.light == scoring.GREEN
    assert (container.path, container.details["how"]) == ("ui/pom.xml", "jib-maven-plugin")
    assert container.summary == "ui/pom.xml builds a container image with jib-maven-plugin."


def test_a_gradle_image_build_and_a_nested_dockerfile_count_but_vendored_and_deep_files_do_not() -> None:
    gradle = 'plugins {\n    id("org.springframework.boot")\n    id("com.google.cloud.tools.jib")\n}\n'
    source = MemorySource(label="m", contents={"backend/build.gradle.kts": gradle, "README.md": "# X\n"})
    container = by_check(checks.run_checks(source))["container"]
    assert (container.light, container.path, container.details["how"]) == (
        scoring.GREEN,
        "backend/build.gradle.kts",
        "com.google.cloud.tools.jib",
    )
    nested = MemorySource(label="m", contents={"deploy/api/Dockerfile.prod": "FROM python\n"})
    assert by_check(checks.run_checks(nested))["container"].path == "deploy/api/Dockerfile.prod"
    vendored = MemorySource(
        label="m",
        contents={
            "vendor/acme/Dockerfile": "FROM x\n",
            "frontend/node_modules/x/.eslintrc.json": "{}",
            "target/classes/Dockerfile": "FROM x\n",
            "a/b/c/d/e/.eslintrc.json": "{}",
            "docker-compose.yml": "services: {}\n",
        },
    )
    found = by_check(checks.run_checks(vendored))
    assert (found["container"].light, found["container"].path) == (scoring.YELLOW, "docker-compose.yml")
    assert found["code_standards"].light == scoring.RED


def test_a_contributing_guide_in_a_sub_project_is_a_code_standards_document() -> None:
    source = MemorySource(
        label="m", contents={"frontend/CONTRIBUTING.md": "# Bidrag\n", "frontend/.prettierrc": "{}"}
    )
    finding = by_check(checks.run_checks(source))["code_standards"]
    assert (finding.light, finding.path) == (scoring.GREEN, "frontend/CONTRIBUTING.md")
    assert finding.details["linters"] == ["frontend/.prettierrc"]


# READMEs


def test_every_readme_variant_is_read_and_the_finding_names_them(tmp_path: Path) -> None:
    files = without(
        "README.md",
        **{
            "README.md": "# OS2test\n\nSe readme.md.\n",
            "readme.md": "# OS2test\n\n## Formål\n\nHjælper kommuner.\n",
            "README.da.md": "# OS2test\n\nPå dansk.\n",
        },
    )
    finding = check(make_repository(tmp_path / "repo", files))["readme"]
    assert finding.light == scoring.GREEN
    assert finding.path == "readme.md"
    assert finding.details["section"] == "Formål"
    assert set(finding.details["readmes"]) == {"README.md", "readme.md", "README.da.md"}
    assert finding.summary.endswith("READMEs read: README.md, readme.md, README.da.md.")


OPENING = """<p align="center"><img src="logo.png" alt="OS2minapp"></p>

# OS2minapp

[![Build](https://github.com/OS2/os2minapp/actions/workflows/ci.yml/badge.svg)](https://github.com/OS2/os2minapp/actions)
[![Licens: MPL-2.0](https://img.shields.io/badge/licens-MPL--2.0-blue.svg)](LICENSE)

OS2minapp er en app, som hjælper kommunens borgere med at booke tider hos borgerservice og se
deres sager ét sted.

## Installation

```sh
docker compose up
```
"""


def test_a_purpose_stated_in_the_opening_text_counts_without_a_heading() -> None:
    assert readme_check.opening_purpose(OPENING).startswith("OS2minapp er en app, som hjælper kommunens")
    source = MemorySource(label="m", contents={"README.md": OPENING})
    finding = by_check(checks.run_checks(source))["readme"]
    assert finding.light == scoring.GREEN
    assert finding.details["opening"].startswith("OS2minapp er en app")
    assert finding.summary.startswith(
        'README.md states the purpose in its opening text: "OS2minapp er en app'
    )
    before_title = (
        "OS2minapp hjælper kommunens borgere med at booke tider hos borgerservice.\n\n# Brug\n\nKør den.\n"
    )
    assert readme_check.opening_purpose(before_title).startswith("OS2minapp hjælper")


@pytest.mark.parametrize(
    "text",
    [
        "# OS2minapp\n\n[![Build](https://x/badge.svg)](https://x) [![Cover](https://y/c.svg)](https://y)\n",
        "# OS2minapp\n\nEn app.\n",
        "# OS2minapp\n\n- hjælper borgere med at booke tider hos borgerservice i kommunen.\n",
        "# OS2minapp\n\n```\ndocker compose up --build --detach og så videre i terminalen.\n```\n",
        "# OS2minapp\n\n## Installation\n\nOS2minapp installeres med docker compose og kører på port 8000.\n",
        "# OS2minapp\n\n| navn | værdi | og | flere | kolonner | i | tabellen | her |\n",
        "# OS2minapp\n\nVersion 2.3.1 2024-05-01 build 4711 sha 9f8e7d6c release candidate 3 final\n",
    ],
)
def test_badges_short_lines_lists_code_tables_and_text_under_a_later_heading_are_no_opening_purpose(
    text: str,
) -> None:
    assert readme_check.opening_purpose(text) == ""


def test_a_long_readme_without_purpose_is_yellow_and_names_what_it_read() -> None:
    text = "# X\n\n## Installation\n\n" + "ord " * 120
    finding = by_check(checks.run_checks(MemorySource(label="m", contents={"README.rst": text})))["readme"]
    assert (finding.light, finding.path, finding.details["read"]) == (
        scoring.YELLOW,
        "README.rst",
        "README.rst",
    )


# History: activity and main line


def test_activity_counts_the_commits_of_every_branch(tmp_path: Path) -> None:
    repo = make_repository(
        tmp_path / "repo", GOOD_FILES, history=[(500, {"a.txt": "1"}), (450, {"a.txt": "2"})]
    )
    git(repo, "checkout", "-q", "-b", "develop")
    for i in range(14):
        commit(repo, {"dev.txt": str(i)}, f"udvikling {i}", days_ago(80 - i * 5))
    git(repo, "checkout", "-q", "main")
    activity = check(repo)["activity"]
    assert activity.light == scoring.GREEN
    assert activity.details["commits_on_other_branches"] == 14
    assert activity.details["commits_last_year"] == 14
    assert "on all branches" in activity.summary


def branch_off(repo: Path, name: str, start: str, commits: list[float], *, prefix: str = "") -> None:
    git(repo, "checkout", "-q", "-b", name, start)
    for days in commits:
        commit(repo, {f"{name.replace('/', '_')}.txt": f"{prefix}{days}"}, f"{name} {days}", days_ago(days))
    git(repo, "checkout", "-q", "main")


def test_a_long_lived_release_line_is_told_from_topic_branches(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    main_commits = {}
    for days in range(400, 0, -10):  # main: a commit every ten days for 400 days
        main_commits[days] = commit(repo, {"main.txt": str(days)}, f"main {days}", days_ago(days))
    fork = main_commits[300]
    # release/1.x: forked 300 days ago, 14 own commits over 280 days: a second line.
    branch_off(repo, "release/1.x", fork, [float(d) for d in range(290, 10, -20)])
    # feature/login off release/1.x: two commits of its own: a topic branch of that line.
    branch_off(repo, "feature/login", "release/1.x", [5, 4])
    # develop: ahead of main (main has nothing develop lacks), 20 commits over 100 days: the same line.
    branch_off(repo, "develop", "main", [100 - i * 5 + 0.5 for i in range(20)])
    # feature/big: 12 commits over 120 days, but it took in main's work five days ago: it follows main.
    git(repo, "checkout", "-q", "-b", "feature/big", main_commits[130])
    for i, days in enumerate(range(125, 5, -10)):
        commit(repo, {"big.txt": str(i)}, f"stort {i}", days_ago(days))
    git(repo, "merge", "-q", "--no-edit", "-m", "Merge main", main_commits[10], when=days_ago(4.5))
    git(repo, "checkout", "-q", "main")
    # old/platform: 15 commits over 200 days, two years ago: stale.
    branch_off(repo, "old/platform", main_commits[400], [float(d) for d in range(900, 690, -14)])
    finding = check(repo)["main_line"]
    assert finding.light == scoring.YELLOW, finding.summary
    assert [line["name"] for line in finding.details["parallel"]] == ["release/1.x"]
    line = finding.details["parallel"][0]
    assert line["commits"] == 14 and line["release_branch"] is True and line["behind"] == 29
    assert set(finding.details["topic_branches"]) == {
        "feature/login",
        "develop",
        "feature/big",
        "old/platform",
    }
    assert finding.summary == (
        "Besides main, 1 branch(es) have been developed in parallel for a long time: release/1.x."
    )


def test_two_release_lines_are_red_and_a_repository_of_topic_branches_is_green(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    shas = {
        days: commit(repo, {"m.txt": str(days)}, f"m {days}", days_ago(days)) for days in range(300, 0, -10)
    }
    branch_off(repo, "fix/typo", shas[20], [15, 14])
    branch_off(repo, "merged/feature", shas[200], [])
    assert check(repo)["main_line"].light == scoring.GREEN
    branch_off(repo, "stable-2", shas[290], [float(d) for d in range(280, 10, -15)])
    branch_off(repo, "v3.x", shas[200], [float(d) for d in range(190, 5, -12)])
    finding = check(repo)["main_line"]
    assert finding.light == scoring.RED
    assert {line["name"] for line in finding.details["parallel"]} == {"stable-2", "v3.x"}


# Damaged objects


def corrupt(repo: Path, sha: str) -> None:
    """Overwrite the loose object ``sha`` with bytes Git cannot inflate."""
    loose = repo / ".git" / "objects" / sha[:2] / sha[2:]
    loose.chmod(0o644)
    loose.write_bytes(b"dette er ikke et Git-objekt")


def test_a_damaged_file_object_makes_only_its_check_not_checkable(tmp_path: Path) -> None:
    repo = make_repository(tmp_path / "repo", GOOD_FILES, history=[(30, {"a.txt": "1"}), (2, {"b.txt": "2"})])
    corrupt(repo, git(repo, "rev-parse", "HEAD:publiccode.yml").strip())
    with sources.open_source(str(repo)) as source:
        assert isinstance(source, sources.GitSource) and source.partial
        assert source.read("README.md") == GOOD_FILES["README.md"]  # fetched from the repository when read
        result = checks.run_checks(source)
    found = by_check(result)
    publiccode = found["publiccode"]
    assert (publiccode.light, publiccode.path, publiccode.checkable) == (
        scoring.YELLOW,
        "publiccode.yml",
        False,
    )
    assert publiccode.summary == (
        "Not checkable: publiccode.yml could not be read (the Git object is damaged or missing)."
    )
    assert result.as_dict()["not_checkable"] == ["publiccode"]
    for key in ("licence", "readme", "security", "issue_tracker", "code_standards", "container"):
        assert found[key].light == scoring.GREEN, found[key].summary
    assert found["activity"].details["commits"] == 3


def test_a_damaged_commit_leaves_the_files_of_the_working_tree_and_the_history_not_checkable(
    tmp_path: Path,
) -> None:
    repo = make_repository(tmp_path / "repo", GOOD_FILES, history=[(30, {"a.txt": "1"}), (2, {"b.txt": "2"})])
    corrupt(repo, git(repo, "rev-parse", "HEAD~1").strip())
    with sources.open_source(str(repo)) as source:
        assert isinstance(source, sources.WorkingTreeSource)
        result = checks.run_checks(source)
    found = by_check(result)
    assert found["licence"].light == scoring.GREEN
    assert found["container"].light == scoring.GREEN
    for key in ("activity", "main_line"):
        assert not found[key].checkable
        assert found[key].summary == (
            "Not checkable: the repository could not be read (the Git object is damaged or missing)."
        )
    assert set(result.as_dict()["not_checkable"]) == {"activity", "main_line"}


@pytest.mark.django_db
def test_the_command_reports_what_was_not_checkable(tmp_path: Path) -> None:
    repo = make_repository(tmp_path / "repo", GOOD_FILES)
    corrupt(repo, git(repo, "rev-parse", "HEAD:LICENSE").strip())
    out = io.StringIO()
    call_command("check_repository", str(repo), "--format", "json", stdout=out, stderr=io.StringIO())
    payload: dict[str, Any] = json.loads(out.getvalue())
    assert payload["not_checkable"] == ["licence"]
    licence = next(f for f in payload["findings"] if f["check"] == "licence")
    assert licence["details"]["not_checkable"] is True and licence["path"] == "LICENSE"


def test_nothing_in_a_damaged_repository_is_run_while_its_files_are_fetched_one_by_one(
    tmp_path: Path,
) -> None:
    marker = tmp_path / "ran"
    repo = make_repository(tmp_path / "repo", GOOD_FILES)
    evil = tmp_path / "evil.sh"
    evil.write_text("#!/bin/sh\ntouch " + str(marker) + "\n")
    evil.chmod(0o755)
    for hook in ("post-checkout", "pre-upload-pack", "reference-transaction", "post-update"):
        (repo / ".git" / "hooks" / hook).write_text(evil.read_text())
        (repo / ".git" / "hooks" / hook).chmod(0o755)
    for key, value in (
        ("core.fsmonitor", str(evil)),
        ("core.pager", str(evil)),
        ("uploadpack.packObjectsHook", str(evil)),
        ("credential.helper", f"!{evil}"),
    ):
        git(repo, "config", key, value)
    corrupt(repo, git(repo, "rev-parse", "HEAD:publiccode.yml").strip())
    with sources.open_source(str(repo)) as source:
        assert isinstance(source, sources.GitSource) and source.partial
        checks.run_checks(source)
    assert not marker.exists()


def test_the_findings_are_written_in_danish(tmp_path: Path) -> None:
    from django.utils import translation
    from django.utils.translation import gettext

    repo = make_repository(tmp_path / "repo", GOOD_FILES, history=[(3, {"a.txt": "1"})])
    corrupt(repo, git(repo, "rev-parse", "HEAD:publiccode.yml").strip())
    with translation.override("da"), sources.open_source(str(repo)) as source:
        found = by_check(checks.run_checks(source, translate=gettext))
    assert found["licence"].summary == (
        "LICENSE indeholder MPL-2.0 (100 % overensstemmelse med SPDX-licensteksten), OS2's standardlicens "
        "(OSI-godkendt)."
    )
    assert found["readme"].summary == (
        "README.md har et afsnit om formålet ('Formål'); læste README-filer: README.md."
    )
    assert found["publiccode"].summary == (
        "Kan ikke tjekkes: publiccode.yml kunne ikke læses (Git-objektet er beskadiget eller mangler)."
    )
    assert found["activity"].summary.startswith("Historikken ligner kodedumps")
    assert found["container"].summary == "Dockerfile bygger et container-image."
