"""Where a check reads from: a Git repository (cloned), a plain directory, or memory (tests).

Git runs only through :mod:`programkontor.core.git`: an http(s) URL is cloned without file contents,
a local Git repository is cloned too (never read in place), both into a temporary directory that is
removed afterwards; the clone is then asked only for trees, blobs, commits and refs.
"""

from __future__ import annotations

import datetime
import logging
import os
import re
import shlex
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from programkontor.core import git
from programkontor.core.git import DEFAULT_TIMEOUT, GitError, GitTimeout
from programkontor.evaluation.formats.common import gettext_noop

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 512 * 1024
MAX_FILES = 50_000
MAX_COMMITS = 5_000
MAX_BRANCHES = 30


class Unreadable(GitError):
    """Git could not read something the repository has (a damaged or missing object): the checks that
    need it are *not checkable*, the others go on."""

    def __init__(self, message: str, *, path: str = "", detail: str = "") -> None:
        super().__init__(message, detail=detail)
        self.path = path


#: Git's words for an object it cannot read (damaged, missing, or not fetched from a partial clone).
_DAMAGED = re.compile(
    r"corrupt|unable to unpack|inflate|bad object|missing (?:blob|tree|commit)|could not fetch"
    r"|did not receive expected object|unable to read|could not read|invalid object|not a valid object"
    r"|pack-objects died|bad tree|bad commit|unable to parse",
    re.IGNORECASE,
)


def _unreadable(exc: GitError, *, path: str = "") -> Unreadable:
    if isinstance(exc, Unreadable):
        return exc
    if _DAMAGED.search(exc.detail):
        message = gettext_noop("the Git object is damaged or missing")
    else:
        message = str(exc)
    return Unreadable(message, path=path, detail=exc.detail)


@dataclass(frozen=True)
class Commit:
    sha: str
    when: datetime.datetime
    author: str
    subject: str
    files: int  # files the commit touched
    #: Whether the default branch has the commit (the history is read from every branch).
    on_default: bool = True


@dataclass(frozen=True)
class Branch:
    name: str
    tip: str
    when: datetime.datetime | None
    #: Commits on the branch that the default branch does not have, and when the first and last were made.
    unique_commits: int = 0
    first_unique: datetime.datetime | None = None
    last_unique: datetime.datetime | None = None
    #: Commits on the default branch that this branch does not have (None: not known).
    behind: int | None = None
    #: When the newest commit both have was made (where the branch last took in the default branch).
    fork_point: datetime.datetime | None = None
    #: The commits counted in ``unique_commits`` (sha, when), newest first; empty when not known.
    unique: tuple[tuple[str, datetime.datetime], ...] = ()


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
    """A clone made by :mod:`programkontor.core.git` (without working tree), read at HEAD.

    ``partial``: a clone without file contents of a local repository (see :func:`open_source`); a
    file is fetched from the repository when it is read, so Git may use the ``file`` transport.
    A file Git cannot read raises :class:`Unreadable`, as does a history it cannot walk.
    """

    def __init__(
        self,
        root: Path,
        *,
        label: str = "",
        timeout: float = DEFAULT_TIMEOUT,
        remote: str = "",
        partial: bool = False,
    ) -> None:
        self.root = root
        self.label = label or str(root)
        self.timeout = timeout
        self.partial = partial
        self._remote = remote
        try:
            self._head = self._git("rev-parse", "--verify", "HEAD^{commit}").decode().strip()
        except GitError as exc:
            raise GitError(f"{self.label}: no commit to check ({exc})", detail=exc.detail) from exc
        try:
            self._branch: str | None = (
                self._git("symbolic-ref", "--quiet", "--short", "HEAD").decode().strip()
            )
        except GitError:
            self._branch = None
        self._files: list[str] | None = None
        self._file_set: set[str] = set()

    def _git(self, *args: str, input: bytes | None = None) -> bytes:
        return git.run(args, cwd=self.root, timeout=self.timeout, input=input, allow_file=self.partial)

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
            try:
                output = self._git("ls-tree", "-r", "-z", "--name-only", "HEAD")
            except GitError as exc:
                raise _unreadable(exc) from exc
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
        except GitError as exc:
            raise _unreadable(exc, path=path) from exc
        except ValueError:
            return None
        return data[:MAX_FILE_BYTES].decode("utf-8", "replace")

    def commits(self) -> list[Commit]:
        """The commits of every branch (local and remote-tracking) and HEAD, each once, newest first."""
        try:
            output = self._git(
                "log",
                "--no-merges",
                "--no-renames",
                "--no-ext-diff",
                "--no-textconv",
                f"--max-count={MAX_COMMITS}",
                "--format=%x1e%H%x1f%at%x1f%an%x1f%s",
                "--name-only",
                "--branches",
                "--remotes",
                "HEAD",
            )
            on_default = set(self._git("rev-list", f"--max-count={MAX_COMMITS * 4}", "HEAD").decode().split())
        except GitError as exc:
            raise _unreadable(exc) from exc
        commits = []
        for record in output.decode("utf-8", "replace").split("\x1e"):
            if not record.strip():
                continue
            head, _, rest = record.partition("\n")
            parts = head.split("\x1f")
            if len(parts) < 4:
                continue
            files = [line for line in rest.splitlines() if line.strip()]
            commits.append(
                Commit(parts[0], _timestamp(parts[1]), parts[2], parts[3], len(files), parts[0] in on_default)
            )
        return commits

    def branches(self) -> list[Branch]:
        """Every branch (the newest :data:`MAX_BRANCHES`) with what it has and lacks against HEAD."""
        try:
            return self._branches()
        except GitError as exc:
            raise _unreadable(exc) from exc

    def _branches(self) -> list[Branch]:
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
                result.append(Branch(name, tip, when, behind=0))
                continue
            unique = tuple(
                (sha, _timestamp(stamp))
                for sha, _tab, stamp in (
                    line.partition("\t")
                    for line in self._git(
                        "log", f"--max-count={MAX_COMMITS}", "--format=%H%x09%at", tip, f"^{self._head}", "--"
                    )
                    .decode()
                    .splitlines()
                )
                if stamp.isdigit()
            )
            behind = int(self._git("rev-list", "--count", self._head, f"^{tip}", "--").decode().strip() or 0)
            result.append(
                Branch(
                    name,
                    tip,
                    when,
                    len(unique),
                    min((moment for _sha, moment in unique), default=None),
                    max((moment for _sha, moment in unique), default=None),
                    behind,
                    self._fork_point(tip),
                    unique,
                )
            )
        return result

    def _fork_point(self, tip: str) -> datetime.datetime | None:
        """When the newest commit that HEAD and ``tip`` both have was made (None: they share none)."""
        try:
            base = self._git("merge-base", self._head, tip).decode().strip()
        except GitError:
            return None  # unrelated histories
        stamp = self._git("show", "-s", "--format=%ct", base, "--").decode().strip()
        return _timestamp(stamp) if stamp.isdigit() else None


@dataclass
class WorkingTreeSource(DirectorySource):
    """The files of a local working copy whose Git history could not be read: read from the folder
    (Git is not run), the history *not checkable* for ``reason``."""

    reason: str = ""

    def commits(self) -> list[Commit]:
        raise Unreadable(self.reason)

    def branches(self) -> list[Branch]:
        raise Unreadable(self.reason)


def _filtering_upload_pack() -> str:
    """Git's ``upload-pack`` for the partial clone of a local repository, allowed to filter: the
    setting is given to the same fixed Git executable (the repository's own configuration cannot
    give it, and Git does not pass ``-c`` settings on to a local ``upload-pack``)."""
    return f"{shlex.quote(git.GIT or 'git')} -c uploadpack.allowFilter=true upload-pack"


@contextmanager
def _partial_clone(place: git.Location, *, timeout: float) -> Iterator[Path]:
    """A mirror of the local repository at ``place`` without file contents (``--filter=blob:none``),
    in a temporary directory removed afterwards: its history and trees, and the files one by one
    when they are read, so that one damaged file object spoils only the checks that read it."""
    directory = Path(tempfile.mkdtemp(prefix="programkontor-git-"))
    destination = directory / "repository"
    try:
        git.run(
            [
                "clone", "--quiet", "--no-tags", "--no-recurse-submodules", "--template=", "--mirror",
                "--no-local", "--filter=blob:none", f"--upload-pack={_filtering_upload_pack()}",
                "--", place.address, str(destination),
            ],
            timeout=timeout,
            allow_file=True,
        )  # fmt: skip
        yield destination
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def open_source(
    location: str, *, timeout: float = DEFAULT_TIMEOUT, depth: int | None = None, local: bool = True
) -> Iterator[Source]:
    """The repository at ``location``: an http(s) URL or (with ``local``) a local Git repository,
    cloned into a temporary directory that is removed afterwards, or a plain local directory.

    A local repository Git cannot clone whole (a damaged object) is cloned without file contents,
    which are then read one by one; when even its history cannot be cloned, its working tree's files
    are read as they are and the history is not checkable. GitError when the address is refused or
    cannot be read."""
    place = git.locate(location, local=local)
    if place.local and not git.is_repository(place.path):
        yield DirectorySource(place.path, label=location)
        return
    remote = git.origin_url(place.path, timeout=timeout) if place.local else place.address
    with ExitStack() as stack:
        try:
            clone = stack.enter_context(
                git.temporary_clone(place, timeout=timeout, depth=depth, files=False, all_refs=place.local)
            )
            source: Source = GitSource(clone, label=location, timeout=timeout, remote=remote)
        except GitTimeout:
            raise
        except GitError as exc:
            if not place.local or not _DAMAGED.search(exc.detail):
                raise
            logger.warning(
                "%s could not be cloned whole, trying without file contents: %s", location, exc.detail
            )
            source = _damaged_source(stack, place, location, timeout=timeout, remote=remote, error=exc)
        yield source


def _damaged_source(
    stack: ExitStack, place: git.Location, location: str, *, timeout: float, remote: str, error: GitError
) -> Source:
    try:
        clone = stack.enter_context(_partial_clone(place, timeout=timeout))
        return GitSource(clone, label=location, timeout=timeout, remote=remote, partial=True)
    except GitTimeout:
        raise
    except GitError as exc:
        if not _DAMAGED.search(exc.detail):
            raise
        logger.warning("%s: the history could not be cloned either: %s", location, exc.detail)
        return WorkingTreeSource(place.path, label=location, reason=str(_unreadable(error)))
