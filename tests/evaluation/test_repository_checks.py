"""Repository evidence checks: licences, publiccode.yml, each check on in-memory and real Git
repositories, and that nothing in a repository is ever run."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from programkontor.core.git import GitError
from programkontor.evaluation import scoring
from programkontor.evaluation.repository import checks, licences, publiccode, sources
from programkontor.evaluation.repository.sources import Branch, Commit, MemorySource
from tests.evaluation.repositories import GOOD_FILES, commit, git, licence_text, make_repository
from tests.git_http import serving

NOW = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)


def by_check(result: checks.CheckResult) -> dict[str, checks.Finding]:
    return {finding.check: finding for finding in result.findings}


def history(days: list[int], files: int = 2) -> list[Commit]:
    return [
        Commit(f"{i:040x}", NOW - datetime.timedelta(days=d), f"Person {i % 3}", "x", files)
        for i, d in enumerate(days)
    ]


# Licences and publiccode.yml


@pytest.mark.parametrize(
    ("text", "spdx", "method"),
    [
        (licence_text("MPL-2.0"), "MPL-2.0", licences.TEXT),
        (licence_text("EUPL-1.2"), "EUPL-1.2", licences.TEXT),
        (licence_text("GPL-3.0-only"), "GPL-3.0-only", licences.TEXT),
        (licence_text("AGPL-3.0-only"), "AGPL-3.0-only", licences.TEXT),
        (licence_text("Apache-2.0"), "Apache-2.0", licences.TEXT),
        ("# SPDX-License-Identifier: EUPL-1.2\n", "EUPL-1.2", licences.TAG),
        ("Mozilla Public License Version 2.0\n====", "MPL-2.0", licences.TITLE),
        ("GNU LESSER GENERAL PUBLIC LICENSE\nVersion 2.1, February 1999", "LGPL-2.1-only", licences.TITLE),
        ("Attribution-ShareAlike 4.0 International", "CC-BY-SA-4.0", licences.TITLE),
    ],
)
def test_a_licence_text_is_identified_by_its_spdx_id(text: str, spdx: str, method: str) -> None:
    match = licences.identify(text)
    assert match is not None
    assert (match.spdx, match.method) == (spdx, method)
    assert match.identified == (method != licences.TITLE)


def test_a_text_that_is_no_licence_is_not_identified() -> None:
    assert licences.identify("Alle rettigheder forbeholdes.") is None
    assert licences.identify("") is None


def test_osi_approval_follows_the_spdx_expression() -> None:
    assert licences.is_osi_approved("MPL-2.0")
    assert licences.is_osi_approved("MIT OR Apache-2.0")
    assert licences.is_osi_approved("GPL-2.0-or-later WITH Classpath-exception-2.0")
    assert not licences.is_osi_approved("CC-BY-SA-4.0")
    assert not licences.is_osi_approved("MIT AND CC-BY-4.0")
    assert not licences.is_osi_approved("")


def test_a_complete_publiccode_yml_is_valid_and_a_thin_one_names_what_is_missing() -> None:
    assert publiccode.validate(GOOD_FILES["publiccode.yml"]).valid
    thin = publiccode.validate("publiccodeYmlVersion: '0.4'\nname: X\ndevelopmentStatus: alpha\n")
    assert not thin.valid
    for field in ("url", "platforms", "developmentStatus", "legal.license", "maintenance.type"):
        assert field in thin.problems
    assert publiccode.validate("name: [unclosed").problems[0].startswith("not valid YAML")
    assert publiccode.validate("- a list").problems == ["not a YAML mapping"]


# Each check


def good_source(**changes: Any) -> MemorySource:
    files = {**GOOD_FILES, **changes.pop("files", {})}
    for name in changes.pop("without", ()):
        files.pop(name)
    defaults: dict[str, Any] = {
        "label": "memory",
        "contents": files,
        "history": history([1, 5, 12, 20, 33, 40, 55, 70, 90, 120, 150, 180, 200, 240]),
        "branch_list": [Branch("main", "0" * 40, NOW)],
        "head": "f" * 40,
        "remote": "https://github.com/OS2/os2test.git",
    }
    defaults.update(changes)
    return MemorySource(**defaults)


def test_a_well_kept_repository_gets_green_proposals_naming_file_and_commit() -> None:
    result = checks.run_checks(good_source(), now=NOW)
    found = by_check(result)
    assert set(found) == set(checks.REQUIREMENTS)
    for name, finding in found.items():
        assert finding.light == scoring.GREEN, (name, finding.summary)
        assert finding.requirement == checks.REQUIREMENTS[name]
    assert found["licence"].path == "LICENSE"
    assert found["licence"].details["licence"] == "MPL-2.0"
    assert found["licence"].commit == "f" * 40
    assert found["readme"].details["section"] == "Formål"
    assert found["issue_tracker"].details["url"] == "https://github.com/OS2/os2test/issues"
    assert found["activity"].commit == "0" * 40  # the latest commit
    assert result.commit == "f" * 40


def test_an_empty_repository_gets_red_and_yellow_proposals() -> None:
    source = MemorySource(
        label="empty", contents={"main.c": "int main() {}"}, remote="https://example.org/x.git"
    )
    found = by_check(checks.run_checks(source, now=NOW))
    assert found["licence"].light == scoring.RED
    assert found["readme"].light == scoring.RED
    assert found["security"].light == scoring.YELLOW
    assert found["code_standards"].light == scoring.RED
    assert found["container"].light == scoring.RED
    assert found["issue_tracker"].light == scoring.RED
    assert found["publiccode"].light == scoring.YELLOW
    assert found["location"].light == scoring.YELLOW
    assert found["activity"].light == scoring.YELLOW  # no history to look at


def test_a_licence_that_is_not_for_code_or_unknown_is_yellow() -> None:
    found = by_check(checks.run_checks(good_source(files={"LICENSE": licence_text("CC-BY-SA-4.0")}), now=NOW))
    assert found["licence"].light == scoring.YELLOW
    assert found["licence"].details["osi_approved"] is False
    found = by_check(checks.run_checks(good_source(files={"LICENSE": "Brug det som du vil."}), now=NOW))
    assert found["licence"].light == scoring.YELLOW
    apache = good_source(files={"LICENSE": licence_text("Apache-2.0"), "publiccode.yml": ""})
    found = by_check(checks.run_checks(apache, now=NOW))
    assert found["licence"].light == scoring.GREEN
    assert "MPL-2.0" in found["licence"].summary  # points at OS2's default


def test_a_readme_without_a_purpose_section_and_an_invalid_publiccode_are_yellow() -> None:
    long_readme = "# X\n\n## Installation\n\n" + "ord " * 120
    found = by_check(
        checks.run_checks(
            good_source(files={"README.md": long_readme, "publiccode.yml": "name: X\n"}), now=NOW
        )
    )
    assert found["readme"].light == scoring.YELLOW
    assert found["publiccode"].light == scoring.YELLOW
    assert "legal.license" in found["publiccode"].details["missing"]


def test_linter_configuration_alone_is_yellow_for_code_standards() -> None:
    found = by_check(
        checks.run_checks(
            good_source(without=["CONTRIBUTING.md"], files={".editorconfig": "root=true"}), now=NOW
        )
    )
    assert found["code_standards"].light == scoring.YELLOW
    assert found["code_standards"].path == ".editorconfig"


def test_code_dumps_and_silence_are_red_little_activity_yellow() -> None:
    dump = [Commit("a" * 40, NOW - datetime.timedelta(days=400), "A", "Upload", 800), *history([300, 200], 1)]
    assert by_check(checks.run_checks(good_source(history=dump), now=NOW))["activity"].light == scoring.RED
    silent = history([500, 600, 700, 800, 900])
    finding = by_check(checks.run_checks(good_source(history=silent), now=NOW))["activity"]
    assert finding.light == scoring.RED and finding.details["days_since_last_commit"] == 500
    slow = history([100, 150, 200, 250, 300])
    assert by_check(checks.run_checks(good_source(history=slow), now=NOW))["activity"].light == scoring.YELLOW


def test_long_lived_parallel_branches_are_not_one_main_line() -> None:
    release = Branch(
        "release/2.x",
        "b" * 40,
        NOW - datetime.timedelta(days=10),
        30,
        NOW - datetime.timedelta(days=300),
        NOW - datetime.timedelta(days=10),
    )
    short = Branch("feature/x", "c" * 40, NOW, 3, NOW - datetime.timedelta(days=2), NOW)
    finding = by_check(
        checks.run_checks(good_source(branch_list=[Branch("main", "0" * 40, NOW), release, short]), now=NOW)
    )["main_line"]
    assert finding.light == scoring.YELLOW
    assert finding.commit == "b" * 40
    assert [p["name"] for p in finding.details["parallel"]] == ["release/2.x"]
    assert finding.details["parallel"][0]["release_branch"] is True


# Real Git repositories


def test_a_local_git_repository_is_cloned_and_read_at_head(tmp_path: Path) -> None:
    repo = make_repository(tmp_path / "repo", GOOD_FILES, history=[(40, {"a.txt": "1"}), (3, {"b.txt": "2"})])
    git(repo, "remote", "add", "origin", "https://bruger:hemmelig@github.com/OS2/os2test.git")
    with sources.open_source(str(repo)) as source:
        assert isinstance(source, sources.GitSource)
        assert not source.root.is_relative_to(repo)  # a clone, never the working copy itself
        clone = source.root
        head = git(repo, "rev-parse", "HEAD").strip()
        assert source.commit == head
        assert source.default_branch == "main"
        assert source.remote_url == "https://github.com/OS2/os2test.git"
        assert "publiccode.yml" in source.files()
        assert source.read("README.md") == GOOD_FILES["README.md"]
        assert source.read("nope.txt") is None
        commits = source.commits()
        assert [c.files for c in commits] == [1, 1, len(GOOD_FILES)]
        result = checks.run_checks(source)
    assert not clone.exists()
    assert result.commit == head
    assert by_check(result)["licence"].commit == head
    assert "hemmelig" not in str(result.as_dict())


def test_a_long_lived_release_branch_is_found_in_a_real_repository(tmp_path: Path) -> None:
    now = datetime.datetime.now(tz=datetime.UTC)
    repo = make_repository(tmp_path / "repo", GOOD_FILES, history=[(400, {"a.txt": "1"})])
    git(repo, "checkout", "-q", "-b", "release/1.x")
    for i, days in enumerate(range(300, 20, -20)):
        commit(repo, {"release.txt": str(i)}, f"rettelse {i}", now - datetime.timedelta(days=days))
    git(repo, "checkout", "-q", "main")
    commit(repo, {"main.txt": "x"}, "videre", now - datetime.timedelta(days=1))
    with sources.open_source(str(repo)) as source:
        finding = by_check(checks.run_checks(source))["main_line"]
    assert finding.light == scoring.YELLOW
    assert finding.details["parallel"][0]["name"] == "release/1.x"
    assert finding.details["parallel"][0]["commits"] == 14


def test_a_directory_without_git_is_checked_for_files_only(tmp_path: Path) -> None:
    for name, content in GOOD_FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content)
    with sources.open_source(str(tmp_path)) as source:
        assert isinstance(source, sources.DirectorySource)
        found = by_check(checks.run_checks(source))
    assert found["licence"].light == scoring.GREEN
    assert found["activity"].light == scoring.YELLOW
    assert found["licence"].commit == ""


def test_nothing_in_the_repository_is_ever_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    repo = make_repository(tmp_path / "repo", GOOD_FILES)
    script = f"#!/bin/sh\ntouch {marker}\n"
    hooks = repo / ".git" / "hooks"
    for hook in ("post-checkout", "pre-commit", "post-merge", "reference-transaction"):
        (hooks / hook).write_text(script)
        (hooks / hook).chmod(0o755)
    evil = repo / "evil.sh"
    evil.write_text(script)
    evil.chmod(0o755)
    git(repo, "config", "core.fsmonitor", str(evil))
    git(repo, "config", "core.pager", str(evil))
    git(repo, "config", "diff.external", str(evil))
    git(repo, "config", "credential.helper", f"!{evil}")
    (repo / "Makefile").write_text(f"all:\n\ttouch {marker}\n")
    (repo / "setup.py").write_text(f"open('{marker}', 'w')\n")
    with sources.open_source(str(repo)) as source:
        checks.run_checks(source)
    assert not marker.exists()


def test_a_local_repositorys_own_configuration_cannot_make_git_verify_signatures(tmp_path: Path) -> None:
    """``log.showSignature`` with a ``gpg.program`` of the repository's choosing would run that program
    for a signed commit when Git reads the history in place."""
    marker = tmp_path / "ran"
    repo = make_repository(tmp_path / "repo", GOOD_FILES)
    evil = tmp_path / "gpg.sh"
    evil.write_text(f"#!/bin/sh\ntouch {marker}\n")
    evil.chmod(0o755)
    tree = git(repo, "rev-parse", "HEAD^{tree}").strip()
    parent = git(repo, "rev-parse", "HEAD").strip()
    signed = (
        f"tree {tree}\nparent {parent}\nauthor A <a@example.org> 1700000000 +0000\n"
        "committer A <a@example.org> 1700000000 +0000\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n x\n"
        " -----END PGP SIGNATURE-----\n\nSigneret\n"
    )
    (tmp_path / "commit.txt").write_text(signed)
    sha = git(repo, "hash-object", "-t", "commit", "-w", str(tmp_path / "commit.txt")).strip()
    git(repo, "update-ref", "refs/heads/main", sha)
    git(repo, "config", "log.showSignature", "true")
    git(repo, "config", "gpg.program", str(evil))
    git(repo, "log", "--format=%H", "-1")  # the control: Git run in place runs the program
    assert marker.exists()
    marker.unlink()
    with sources.open_source(str(repo)) as source:
        assert source.commit == sha
        checks.run_checks(source)
    assert not marker.exists()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc",
        "ssh://git@github.com/OS2/x.git",
        "git@github.com:OS2/x.git",
        "ext::sh -c touch% /tmp/x",
        "https://user:secret@github.com/OS2/x.git",
        "--upload-pack=touch /tmp/x",
        "https://",
    ],
)
def test_only_plain_http_clone_urls_are_cloned(url: str, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(GitError) as refused, sources.open_source(url, timeout=5):
        pass
    assert "secret" not in str(refused.value)
    assert list(tmp_path.iterdir()) == []


def test_a_clone_url_is_cloned_into_a_temporary_directory_that_is_removed(tmp_path: Path) -> None:
    origin = make_repository(tmp_path / "origin", GOOD_FILES)
    with serving(origin, tmp_path / "served", "os2test.git") as url:
        with sources.open_source(url, timeout=30, local=False) as source:
            clone = source.root  # type: ignore[attr-defined]
            assert not (clone / "LICENSE").exists()  # no working tree: contents are read from Git
            assert source.read("LICENSE") == GOOD_FILES["LICENSE"]
            assert source.remote_url == url
            assert source.label == url
        assert not clone.exists()


def test_an_unreachable_clone_url_fails_with_a_reason() -> None:
    from tests.git_http import loopback_allowed

    with (
        loopback_allowed(),
        pytest.raises(
            GitError,
            match=r"^Git could not fetch http://127\.0\.0\.1:9/nothing\.git: "
            r"the server could not be reached$",
        ),
        sources.open_source("http://127.0.0.1:9/nothing.git", timeout=10),
    ):
        pass


def test_a_path_that_is_neither_a_directory_nor_a_url_is_refused() -> None:
    with (
        pytest.raises(GitError, match="neither a directory"),
        sources.open_source("/no/such/place"),
    ):
        pass
