"""``core.git`` on real repositories made in tmp_path, served over HTTP by ``git http-backend`` where the
test needs a URL: what is cloned, what is refused, what never runs, timeouts and clean-up."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from programkontor.core import git
from tests.evaluation.repositories import GOOD_FILES, make_repository
from tests.git_http import git_http_server, loopback_allowed, publish

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

HOOK = "#!/bin/sh\ntouch {marker}\n"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: Any) -> Path:
    """The directory tempfile uses: every temporary directory core.git makes lands here."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    history = [(20, {"a.txt": "1"}), (3, {"b.txt": "2"})]
    return make_repository(tmp_path / "origin", GOOD_FILES, history=history)


@pytest.fixture
def server(tmp_path: Path, repo: Path) -> Iterator[str]:
    root = tmp_path / "served"
    root.mkdir()
    publish(repo, root, "os2test.git")
    with git_http_server(root) as url:
        yield url


def plain_git(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    """git as a careless caller would run it (the control for the hardening tests)."""
    return subprocess.run(
        [str(shutil.which("git")), *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    ).stdout


def hook(folder: Path, name: str, marker: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(HOOK.format(marker=marker))
    (folder / name).chmod(0o755)


# What is cloned


def test_a_local_repository_is_cloned_shallowly_into_a_temporary_directory_that_is_removed(
    repo: Path, scratch: Path
) -> None:
    with git.temporary_clone(git.locate(str(repo)), depth=1, files=True) as folder:
        assert folder.is_relative_to(scratch)
        assert (folder / "README.md").read_text() == GOOD_FILES["README.md"]
        assert (folder / "b.txt").read_text() == "2"
        assert git.run(["rev-list", "--count", "HEAD"], cwd=folder).strip() == b"1"
        assert not (folder / ".git" / "hooks").exists()  # no templates
    assert list(scratch.iterdir()) == []


def test_a_local_working_copy_is_mirrored_with_all_its_branches(repo: Path, scratch: Path) -> None:
    plain_git("branch", "release/1.x", cwd=repo)
    plain_git("update-ref", "refs/remotes/upstream/feature", "HEAD~1", cwd=repo)
    with git.temporary_clone(git.locate(str(repo)), files=False, all_refs=True) as clone:
        refs = git.run(["for-each-ref", "--format=%(refname)"], cwd=clone).decode().split()
        assert git.run(["rev-list", "--count", "HEAD"], cwd=clone).strip() == b"3"
    assert {"refs/heads/main", "refs/heads/release/1.x", "refs/remotes/upstream/feature"} <= set(refs)
    assert list(scratch.iterdir()) == []


def test_an_http_url_is_cloned_without_contents_that_are_fetched_when_read(
    server: str, repo: Path, scratch: Path
) -> None:
    location = git.locate(f"{server}/os2test.git")
    assert not location.local
    with git.temporary_clone(location, files=False) as clone:
        assert not (clone / "README.md").exists()
        kinds = git.run(["cat-file", "--batch-all-objects", "--batch-check=%(objecttype)"], cwd=clone).split()
        assert b"commit" in kinds and b"blob" not in kinds
        assert git.run(["cat-file", "blob", "HEAD:LICENSE"], cwd=clone).decode() == GOOD_FILES["LICENSE"]
        assert git.run(["rev-list", "--count", "HEAD"], cwd=clone).strip() == b"3"
    assert list(scratch.iterdir()) == []


def test_the_working_tree_of_an_http_url_is_a_shallow_checkout(server: str, scratch: Path) -> None:
    with git.working_tree(f"{server}/os2test.git") as folder:
        assert (folder / "publiccode.yml").read_text() == GOOD_FILES["publiccode.yml"]
        assert git.run(["rev-list", "--count", "HEAD"], cwd=folder).strip() == b"1"
    assert list(scratch.iterdir()) == []


def test_a_plain_local_folder_is_used_as_it_is_without_git(tmp_path: Path, monkeypatch: Any) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "note.md").write_text("hej")
    monkeypatch.setattr(git, "GIT", None)
    with git.working_tree(str(folder)) as found:
        assert found == folder.resolve()
    assert (folder / "note.md").read_text() == "hej"


# What is refused


@pytest.mark.parametrize(
    "address",
    [
        "ssh://git@github.com/OS2/x.git",
        "git://github.com/OS2/x.git",
        "file:///etc",
        "git@github.com:OS2/x.git",
        "github.com:OS2/x.git",
        "ext::sh -c touch% {marker}",
        "fd::17",
        "--upload-pack=touch {marker}",
        "https://",
        "https://github.com",
        "ftp://github.com/OS2/x.git",
        "",
    ],
)
def test_addresses_other_than_http_urls_and_local_directories_are_refused(
    address: str, tmp_path: Path, scratch: Path, monkeypatch: Any
) -> None:
    marker = tmp_path / "ran"
    monkeypatch.chdir(tmp_path)
    with pytest.raises(git.GitError) as refused, git.working_tree(address.format(marker=marker)):
        pass
    assert (
        "not accepted" in str(refused.value)
        or "not a valid" in str(refused.value)
        or "neither" in str(refused.value)
    )
    assert not marker.exists()
    assert list(scratch.iterdir()) == []


def test_a_missing_directory_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(git.GitError, match="is neither a directory nor an http"):
        git.locate(str(tmp_path / "mangler"))


def test_from_the_web_a_local_directory_is_refused(repo: Path) -> None:
    with pytest.raises(git.GitError, match="only http"):
        git.locate(str(repo), local=False)
    assert (
        git.locate("https://github.com/OS2/os2test", local=False).address == "https://github.com/OS2/os2test"
    )


@pytest.mark.parametrize(
    "address",
    [
        "https://alice:s3cret@github.com/OS2/x.git",
        "https://s3cret@github.com/OS2/x.git",
        "http://alice:s3cret@127.0.0.1:9/x.git",
        "https://alice:s3cret@github.com",
        "ssh://alice:s3cret@github.com/OS2/x.git",
        "s3cret@github.com:OS2/x.git",
        "ext::https://alice:s3cret@github.com/x",
    ],
)
def test_credentials_in_an_address_are_refused_and_never_shown(address: str) -> None:
    with pytest.raises(git.GitError) as refused:
        git.locate(address)
    assert "s3cret" not in str(refused.value) and "alice" not in str(refused.value)


def test_git_itself_refuses_other_transports_even_when_asked_directly(tmp_path: Path, repo: Path) -> None:
    marker = tmp_path / "ran"
    with pytest.raises(git.GitError, match=r"^Git may only use http\(s\) here$") as refused:
        git.run(["ls-remote", "--", f"ext::sh -c touch% {marker}"])
    assert "transport 'ext' not allowed" in refused.value.detail  # Git's words: logged, not shown
    with pytest.raises(git.GitError, match=r"^Git may only use http\(s\) here$"):
        git.run(["clone", "--", f"file://{repo}", str(tmp_path / "a")])
    with pytest.raises(git.GitError, match=r"^Git may only use http\(s\) here$"):
        git.run(["clone", "--", str(repo), str(tmp_path / "b")])
    assert not marker.exists()
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_the_origin_of_a_local_working_copy_is_read_without_credentials(repo: Path, tmp_path: Path) -> None:
    assert git.origin_url(repo) == ""
    plain_git("remote", "add", "origin", "https://bob:tok3n@github.com/OS2/os2test.git", cwd=repo)
    assert git.origin_url(repo) == "https://github.com/OS2/os2test.git"
    plain_git("worktree", "add", "-q", str(tmp_path / "worktree"), cwd=repo)
    assert git.origin_url(tmp_path / "worktree") == "https://github.com/OS2/os2test.git"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give the repository away"
)
def test_a_local_repository_of_another_user_is_refused(repo: Path, scratch: Path) -> None:
    for path in [repo, *repo.rglob("*")]:
        os.lchown(path, 65534, 65534)
    with (
        pytest.raises(git.GitError, match=r"could not fetch .*: the repository belongs to another user$"),
        git.temporary_clone(git.locate(str(repo))),
    ):
        pass
    assert list(scratch.iterdir()) == []


# What never runs


def test_no_hook_runs_neither_from_templates_global_configuration_nor_the_repository(
    repo: Path, tmp_path: Path, scratch: Path, monkeypatch: Any
) -> None:
    marker = tmp_path / "ran"
    templates = tmp_path / "templates"
    hook(templates / "hooks", "post-checkout", marker)
    home = tmp_path / "home"
    hook(home / "hooks", "post-checkout", marker)
    (home / ".gitconfig").write_text(f"[core]\n\thooksPath = {home / 'hooks'}\n")
    monkeypatch.setenv("GIT_TEMPLATE_DIR", str(templates))
    monkeypatch.setenv("HOME", str(home))

    # The control: a careless git runs the hook in this environment.
    careless = {key: value for key, value in os.environ.items() if key != "GIT_CONFIG_GLOBAL"}
    target = str(tmp_path / "careless")
    plain_git("-c", "protocol.file.allow=always", "clone", "-q", str(repo), target, env=careless)
    assert marker.exists()
    marker.unlink()

    with git.temporary_clone(git.locate(str(repo)), files=True) as folder:
        hook(folder / ".git" / "hooks", "post-checkout", marker)
        git.run(["checkout", "-q", "-b", "other"], cwd=folder)
        assert (folder / "README.md").exists()
    assert not marker.exists()
    assert list(scratch.iterdir()) == []


def test_global_git_configuration_and_credentials_are_ignored(
    tmp_path: Path, scratch: Path, monkeypatch: Any
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[alias]\n\tsecret = version\n[user]\n\tname = Fra hjemmet\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_PARAMETERS", "'user.email'='fra@miljoet'")
    with pytest.raises(git.GitError):
        git.run(["config", "--get", "user.name"])
    with pytest.raises(git.GitError):
        git.run(["config", "--get", "user.email"])
    with pytest.raises(git.GitError):
        git.run(["secret"])
    assert git.run(["config", "--get", "protocol.allow"]).strip() == b"never"
    assert git.run(["config", "--get", "credential.helper"]).strip() == b""
    assert list(scratch.iterdir()) == []


# Timeouts and clean-up


def test_a_command_that_takes_too_long_is_stopped_with_a_clear_error(repo: Path, scratch: Path) -> None:
    with pytest.raises(git.GitTimeout, match=r"took longer than 0.001 seconds to fetch"):  # noqa: SIM117
        with git.temporary_clone(git.locate(str(repo)), timeout=0.001):
            pytest.fail("the clone should not have finished")
    assert list(scratch.iterdir()) == []


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    with loopback_allowed():
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/x.git"
    listener.close()
    for connection in accepted:
        connection.close()


def test_a_hanging_server_is_given_up_on_together_with_the_helpers_git_started(
    silent_server: str, scratch: Path
) -> None:
    outcome: list[BaseException] = []

    def attempt() -> None:  # a thread of its own: the language must be chosen again
        try:
            with (
                translation.override("en"),
                git.temporary_clone(git.locate(silent_server), timeout=1, files=False),
            ):
                pass
        except BaseException as exc:
            outcome.append(exc)

    started = time.monotonic()
    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "git was not stopped: a transport helper kept it waiting"
    assert time.monotonic() - started < 20
    assert len(outcome) == 1 and isinstance(outcome[0], git.GitTimeout)
    assert "took longer than 1 seconds" in str(outcome[0])
    assert list(scratch.iterdir()) == []


def test_a_failed_clone_says_why_and_leaves_nothing_behind(server: str, scratch: Path) -> None:
    with (
        pytest.raises(
            git.GitError,
            match=r"^Git could not fetch http://127\.0\.0\.1:\d+/missing\.git: "
            r"there is no Git repository at the address$",
        ),
        git.temporary_clone(git.locate(f"{server}/missing.git")),
    ):
        pass
    assert list(scratch.iterdir()) == []


def test_the_clone_is_removed_when_the_work_with_it_fails(repo: Path, scratch: Path) -> None:
    seen: list[Path] = []

    def work() -> None:
        with git.temporary_clone(git.locate(str(repo))) as folder:
            seen.append(folder)
            raise RuntimeError("the work failed")

    with pytest.raises(RuntimeError):
        work()
    assert seen and not seen[0].exists()
    assert list(scratch.iterdir()) == []


def test_without_git_an_address_cannot_be_cloned(monkeypatch: Any, scratch: Path) -> None:
    monkeypatch.setattr(git, "GIT", None)
    with (
        pytest.raises(git.GitError, match="Git is not installed"),
        git.working_tree("https://github.com/OS2/x"),
    ):
        pass
    assert list(scratch.iterdir()) == []
