"""Where a check reads from: a Git repository (cloned), a plain directory, or memory (tests).

Git runs only through :mod:`programkontor.core.git`: an http(s) URL is cloned without file contents,
a local Git repository is cloned too (never read in place), both into a temporary directory that is
removed afterwards; the clone is then asked only for trees, blobs, commits and refs.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from programkontor.core import git
from programkontor.core.git import DEFAULT_TIMEOUT, GitError

MAX_FILE_BYTES = 512 * 1024
MAX_FILES = 50_000
MAX_COMMITS = 5_000
MAX_BRANCHES = 30


@dataclass(frozen=True)
class Commit:
    sha: str
    when: datetime.datetime
    author: str
    subject: str
    files: int  # files the commit touched


@dataclass(frozen=True)
class Branch:
    name: str
    tip: str
    when: datetime.datetime | None
    #: Commits on the branch that the default branch does not have, and when the first and last were made.
    unique_commits: int = 0
    first_unique: datetime.datetime | None = None
    last_unique: datetime.datetime | None = None


class Source(Protocol):
    label: str

    @property
    def commit(self) -> str | None: ...

    @property
    def default_branch(self) -> str | None: ...

    @property
    def remote_url(self) -> str: ...

    def files(self) -> list[str]: ...

    def read(self, path: str) -> str | None: ...

    def commits(self) -> list[Commit]: ...

    def branches(self) -> list[Branch]: ...


@dataclass
class MemorySource:
    """A repository held in memory: for tests and the demo."""

    label: str
    contents: dict[str, str]
    history: list[Commit] = field(default_factory=list)
    branch_list: list[Branch] = field(default_factory=list)
    head: str | None = None
    default: str | None = "main"
    remote: str = ""

    @property
    def commit(self) -> str | None:
        return self.head

    @property
    def default_branch(self) -> str | None:
        return self.default

    @property
    def remote_url(self) -> str:
        return self.remote

    def files(self) -> list[str]:
        return sorted(self.contents)

    def read(self, path: str) -> str | None:
        return self.contents.get(path)

    def commits(self) -> list[Commit]:
        return list(self.history)

    def branches(self) -> list[Branch]:
        return list(self.branch_list)


_SKIP_DIRS = {".git", "node_modules", "vendor", ".venv", "venv", "__pycache__", ".tox", "dist", "build"}


@dataclass
class DirectorySource:
    """A plain directory without Git history: files only."""

    root: Path
    label: str = ""

    def __post_init__(self) -> None:
        self.label = self.label or str(self.root)

    @property
    def commit(self) -> str | None:
        return None

    @property
    def default_branch(self) -> str | None:
        return None

    @property
    def remote_url(self) -> str:
        return ""

    def files(self) -> list[str]:
        found: list[str] = []
        for directory, subdirectories, names in os.walk(self.root, followlinks=False):
            subdirectories[:] = sorted(d for d in subdirectories if d not in _SKIP_DIRS)
            for name in sorted(names):
                found.append(str(Path(directory, name).relative_to(self.root)).replace(os.sep, "/"))
                if len(found) >= MAX_FILES:
                    return found
        return found

    def read(self, path: str) -> str | None:
        target = (self.root / path).resolve()
        if not target.is_relative_to(self.root.resolve()) or not target.is_file() or target.is_symlink():
            return None
        with target.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES).decode("utf-8", "replace")

    def commits(self) -> list[Commit]:
        return []

    def branches(self) -> list[Branch]:
        return []


def _timestamp(value: str) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(int(value), tz=datetime.UTC)


class GitSource:
    """A clone made by :mod:`programkontor.core.git` (without working tree), read at HEAD."""

    def __init__(
        self, root: Path, *, label: str = "", timeout: float = DEFAULT_TIMEOUT, remote: str = ""
    ) -> None:
        self.root = root
        self.label = label or str(root)
        self.timeout = timeout
        self._remote = remote
        try:
            self._head = self._git("rev-parse", "--verify", "HEAD^{commit}").decode().strip()
        except GitError as exc:
            raise GitError(f"{self.label}: no commit to check ({exc})") from exc
        try:
            self._branch: str | None = (
                self._git("symbolic-ref", "--quiet", "--short", "HEAD").decode().strip()
            )
        except GitError:
            self._branch = None
        self._files: list[str] | None = None
        self._file_set: set[str] = set()

    def _git(self, *args: str, input: bytes | None = None) -> bytes:
        return git.run(args, cwd=self.root, timeout=self.timeout, input=input)

    @property
    def commit(self) -> str | None:
        return self._head

    @property
    def default_branch(self) -> str | None:
        return self._branch

    @property
    def remote_url(self) -> str:
        return self._remote

    def files(self) -> list[str]:
        if self._files is None:
            output = self._git("ls-tree", "-r", "-z", "--name-only", "HEAD")
            self._files = [name for name in output.decode("utf-8", "replace").split("\0") if name][:MAX_FILES]
            self._file_set = set(self._files)
        return self._files

    def read(self, path: str) -> str | None:
        self.files()
        if path not in self._file_set:
            return None
        try:
            size = int(self._git("cat-file", "-s", f"HEAD:{path}").decode().strip())
            if size > MAX_FILE_BYTES * 4:
                return None
            data = self._git("cat-file", "blob", f"HEAD:{path}")
        except (GitError, ValueError):
            return None
        return data[:MAX_FILE_BYTES].decode("utf-8", "replace")

    def commits(self) -> list[Commit]:
        output = self._git(
            "log",
            "--no-merges",
            "--no-renames",
            "--no-ext-diff",
            "--no-textconv",
            f"--max-count={MAX_COMMITS}",
            "--format=%x1e%H%x1f%at%x1f%an%x1f%s",
            "--name-only",
            "HEAD",
        )
        commits = []
        for record in output.decode("utf-8", "replace").split("\x1e"):
            if not record.strip():
                continue
            head, _, rest = record.partition("\n")
            parts = head.split("\x1f")
            if len(parts) < 4:
                continue
            files = [line for line in rest.splitlines() if line.strip()]
            commits.append(Commit(parts[0], _timestamp(parts[1]), parts[2], parts[3], len(files)))
        return commits

    def branches(self) -> list[Branch]:
        output = self._git(
            "for-each-ref",
            "--sort=-committerdate",
            "--format=%(refname)%09%(objectname)%09%(committerdate:unix)",
            "refs/heads",
            "refs/remotes",
        )
        found: dict[str, tuple[str, datetime.datetime | None]] = {}
        for line in output.decode("utf-8", "replace").splitlines():
            parts = line.split("\t")
            if len(parts) != 3 or parts[0].endswith("/HEAD"):
                continue
            name = re.sub(r"^refs/(heads|remotes/[^/]+)/", "", parts[0])
            if name not in found:
                found[name] = (parts[1], _timestamp(parts[2]) if parts[2].isdigit() else None)
        default = self._branch
        result = []
        for name, (tip, when) in list(found.items())[:MAX_BRANCHES]:
            if name == default or tip == self._head:
                result.append(Branch(name, tip, when))
                continue
            times = [
                _timestamp(value)
                for value in self._git("log", "--format=%at", f"{self._head}..{tip}").decode().split()
                if value.isdigit()
            ]
            result.append(
                Branch(
                    name, tip, when, len(times), min(times) if times else None, max(times) if times else None
                )
            )
        return result


@contextmanager
def open_source(
    location: str, *, timeout: float = DEFAULT_TIMEOUT, depth: int | None = None, local: bool = True
) -> Iterator[Source]:
    """The repository at ``location``: an http(s) URL or (with ``local``) a local Git repository,
    cloned into a temporary directory that is removed afterwards, or a plain local directory.

    GitError when the address is refused or cannot be read."""
    place = git.locate(location, local=local)
    if place.local and not git.is_repository(place.path):
        yield DirectorySource(place.path, label=location)
        return
    remote = git.origin_url(place.path, timeout=timeout) if place.local else place.address
    with git.temporary_clone(place, timeout=timeout, depth=depth, files=False, all_refs=place.local) as clone:
        yield GitSource(clone, label=location, timeout=timeout, remote=remote)
