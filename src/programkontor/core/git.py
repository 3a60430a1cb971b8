"""The one way Programkontor runs ``git``: hardened, with a timeout, never through a shell.

Two things read repositories: ``import_governance`` (a governance repository's files) and the
repository checks (``check_repository`` and the page *Tjek repositoriet*). Both go through this module,
so a repository — cloned or local — can never make Git run a program, ask for a password, use the
server's own Git configuration or credentials, or reach anything but an http(s) URL or the local
directory it was given:

* a fixed executable (``shutil.which("git")`` once), an argument list, ``--`` before addresses;
* an environment without the caller's ``GIT_*`` variables, with no system or global configuration
  (``GIT_CONFIG_NOSYSTEM``, ``GIT_CONFIG_GLOBAL=/dev/null``), ``HOME`` a fresh empty directory (so no
  ``~/.netrc`` or ``~/.ssh`` either) and no terminal prompt;
* ``-c`` settings that switch off hooks, the file-system monitor, credential helpers, the pager,
  signature verification and submodules, and allow no transport but HTTP(S) — plus ``file`` only for
  a command that clones a local directory the caller gave;
* every command has a timeout; a command that takes longer is killed with everything it started.

An address is accepted only as an http(s) URL without user name or password, or as an existing local
directory. Git never runs inside a local repository: it is cloned (``--no-local``, so only ``git
upload-pack`` — which Git keeps safe for untrusted repositories — reads it, and Git refuses one that
belongs to another user); :func:`working_tree` hands a local folder over as it is, for reading its
files without Git. Clones go into a temporary directory that is removed afterwards, whatever happens.
Error messages never show a user name or password.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

DEFAULT_TIMEOUT = 120.0
GIT = shutil.which("git")

SAFE_CONFIG = (
    "-c", "core.hooksPath=/dev/null",
    "-c", "core.fsmonitor=false",
    "-c", "core.askPass=",
    "-c", "credential.helper=",
    "-c", "core.pager=cat",
    "-c", "protocol.allow=never",
    "-c", "protocol.https.allow=always",
    "-c", "protocol.http.allow=always",
    "-c", "submodule.recurse=false",
    "-c", "fetch.recurseSubmodules=false",
    "-c", "log.showSignature=false",
    "-c", "gpg.program=false",
    "-c", "gpg.ssh.program=false",
    "-c", "gpg.x509.program=false",
    "-c", "transfer.credentialsInUrl=die",
    "-c", "advice.detachedHead=false",
)  # fmt: skip
ALLOW_FILE = ("-c", "protocol.file.allow=always")

_HTTP = re.compile(r"^https?://")
_HTTP_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d+)?/\S*$")
_SCHEME_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@")
_USERINFO = re.compile(r"[^/\s@]+@")
#: ``scheme://…``, Git's ``transport::address`` and scp-like ``[user@]host:path`` (a colon before a slash).
_REMOTE_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://|::|^[^/]*:")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")
_SHOWN_LENGTH = 200


class GitError(Exception):
    """An address was refused, or Git failed or took too long; the message may be shown to the user."""


class GitTimeout(GitError):
    """A Git command took longer than its timeout and was stopped."""


def redact(address: str) -> str:
    """``address`` without the user name and password of a ``scheme://user:password@host`` URL."""
    return _SCHEME_USERINFO.sub(r"\1", address.strip())


def _shown(address: str) -> str:
    """``address`` as it may appear in a message: no user information, no control characters, short."""
    text = _UNPRINTABLE.sub("?", _USERINFO.sub("***@", address.strip()))
    return text if len(text) <= _SHOWN_LENGTH else text[: _SHOWN_LENGTH - 1] + "…"


@dataclass(frozen=True)
class Location:
    """An accepted address: an http(s) URL, or the absolute path of an existing local directory."""

    address: str
    local: bool
    #: The address as the user gave it, fit for a message.
    shown: str

    @property
    def path(self) -> Path:
        return Path(self.address)


def locate(value: str, *, local: bool = True) -> Location:
    """The address ``value`` if it is accepted; GitError otherwise.

    Accepted: an http(s) URL with a host and no user name or password; with ``local``, also an
    existing directory. ssh, git, file and ``ext::`` addresses and ``user@host:path`` are refused.
    """
    text = value.strip()
    if _HTTP.match(text):
        try:
            parts = urlsplit(text)
        except ValueError:  # e.g. an unclosed "[" in the host
            parts = urlsplit("http://")
        if "@" in text.split("/", 3)[2]:
            raise GitError(_("A user name or password in an address is not accepted; remove it."))
        if not parts.hostname or not _HTTP_URL.match(text):
            raise GitError(
                _("%(address)s is not a valid http(s) URL: it needs a host and a path.")
                % {"address": _shown(text)}
            )
        return Location(text, local=False, shown=_shown(text))
    if _REMOTE_LIKE.search(text) or not local:
        if local:
            message = _("%(address)s is not accepted: only http(s) URLs and local directories can be read.")
        else:
            message = _("%(address)s is not accepted: only http(s) URLs can be read.")
        raise GitError(message % {"address": _shown(text)})
    path = Path(text).expanduser()
    if not text or not path.is_dir():
        message = _("%(address)s is neither a directory nor an http(s) URL.")
        raise GitError(message % {"address": _shown(text)})
    return Location(str(path.resolve()), local=True, shown=_shown(text))


def is_repository(path: Path) -> bool:
    """Whether ``path`` is the top of a Git working copy (it has ``.git``)."""
    return (path / ".git").exists()


def _environment(home: str, *, allow_file: bool, ceiling: bool) -> dict[str, str]:
    drop = {"HOME", "XDG_CONFIG_HOME", "SSH_ASKPASS", "SSH_AUTH_SOCK", "PAGER", "EDITOR", "VISUAL"}
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_") and key not in drop}
    env.update(
        HOME=home,
        XDG_CONFIG_HOME=home,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_TERMINAL_PROMPT="0",
        GIT_ASKPASS="",
        SSH_ASKPASS="",
        GIT_ALLOW_PROTOCOL="https:http:file" if allow_file else "https:http",
        GIT_LFS_SKIP_SMUDGE="1",
        GCM_INTERACTIVE="never",
        LC_ALL="C",
    )
    if ceiling:  # run in the empty home directory: never find a repository above it
        env["GIT_CEILING_DIRECTORIES"] = str(Path(home).parent)
    return env


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill the command and everything it started (a transport helper may hold the pipes open)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.communicate()


def run(
    args: Sequence[str],
    *,
    cwd: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    input: bytes | None = None,
    allow_file: bool = False,
) -> bytes:
    """Run ``git args`` with the safe configuration and return its output; GitError on failure.

    ``cwd``: the repository to run in (one of our own clones); without it, git runs in an empty
    directory. ``allow_file`` allows the ``file`` transport too (only for cloning a local directory).
    """
    if GIT is None:
        raise GitError(_("Git is not installed (there is no git on the PATH)."))
    command = [GIT, *SAFE_CONFIG, *(ALLOW_FILE if allow_file else ()), *args]
    name = args[0] if args else "git"
    with tempfile.TemporaryDirectory(prefix="programkontor-git-home-") as home:
        try:
            process = subprocess.Popen(  # noqa: S603 - fixed executable, argument list, no shell
                command,
                cwd=cwd or home,
                stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=_environment(home, allow_file=allow_file, ceiling=cwd is None),
                start_new_session=True,
            )
        except OSError as exc:
            raise GitError(_("git could not be run: %(error)s") % {"error": exc}) from exc
        try:
            stdout, stderr = process.communicate(input, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            _stop(process)
            raise GitTimeout(
                _("git %(command)s took longer than %(seconds)s seconds and was stopped.")
                % {"command": name, "seconds": f"{timeout:g}"}
            ) from exc
        except BaseException:
            _stop(process)
            raise
    if process.returncode != 0:
        reason = _reason(stderr)
        raise GitError(
            reason
            or _("git %(command)s failed (exit status %(status)d).")
            % {"command": name, "status": process.returncode}
        )
    return stdout


def _reason(stderr: bytes) -> str:
    """Git's own reason: its first ``fatal:`` or ``error:`` line, else its last line."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    for line in lines:
        for prefix in ("fatal:", "error:"):
            if line.startswith(prefix):
                return _UNPRINTABLE.sub("?", line.removeprefix(prefix).strip())
    return _UNPRINTABLE.sub("?", lines[-1]) if lines else ""


def clone(
    location: Location,
    destination: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    depth: int | None = None,
    files: bool = True,
    all_refs: bool = False,
) -> Path:
    """Clone ``location`` into ``destination`` (which must not exist yet) and return it.

    ``files``: check the files out (a working tree); otherwise a clone without a working tree, and
    from an http(s) URL without file contents (``--filter=blob:none``: they are fetched when read).
    ``depth``: only the last ``depth`` commits. ``all_refs``: a bare mirror with all the source's refs
    (its branches and its remote-tracking branches), for reading a local working copy's branches.
    Never tags, submodules, hooks or templates.
    """
    args = ["clone", "--quiet", "--no-tags", "--no-recurse-submodules", "--template="]
    if all_refs:
        args.append("--mirror")
    elif not files:
        args.append("--no-checkout")
    if location.local:
        args.append("--no-local")
    elif not files:
        args.append("--filter=blob:none")
    if depth:
        args.append(f"--depth={depth}")
    try:
        run([*args, "--", location.address, str(destination)], timeout=timeout, allow_file=location.local)
    except GitTimeout as exc:
        raise GitTimeout(
            _("Git took longer than %(seconds)s seconds to fetch %(address)s.")
            % {"seconds": f"{timeout:g}", "address": location.shown}
        ) from exc
    except GitError as exc:
        raise GitError(
            _("Git could not fetch %(address)s: %(reason)s") % {"address": location.shown, "reason": exc}
        ) from exc
    return destination


@contextmanager
def temporary_clone(
    location: Location,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    depth: int | None = None,
    files: bool = True,
    all_refs: bool = False,
) -> Iterator[Path]:
    """A clone of ``location`` (see :func:`clone`) in a temporary directory, removed afterwards."""
    directory = Path(tempfile.mkdtemp(prefix="programkontor-git-"))
    try:
        yield clone(
            location, directory / "repository", timeout=timeout, depth=depth, files=files, all_refs=all_refs
        )
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def working_tree(location: str, *, timeout: float = DEFAULT_TIMEOUT) -> Iterator[Path]:
    """The files at ``location`` for the ``with`` block: a local directory as it is (Git or not, Git
    is not run), or the working tree of a shallow clone (``--depth 1``) of an http(s) URL."""
    place = locate(location)
    if place.local:
        yield place.path
        return
    with temporary_clone(place, timeout=timeout, depth=1, files=True) as folder:
        yield folder


def _config_file(path: Path) -> Path | None:
    """The configuration file of the working copy at ``path`` (also a linked worktree's), if any."""
    dot_git = path / ".git"
    if dot_git.is_dir():
        return dot_git / "config"
    try:
        line = dot_git.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None
    if not line.startswith("gitdir:"):
        return None
    git_dir = (path / line.removeprefix("gitdir:").strip()).resolve()
    common = git_dir / "commondir"
    if common.is_file():
        git_dir = (git_dir / common.read_text(encoding="utf-8", errors="replace").strip()).resolve()
    return git_dir / "config"


def origin_url(path: Path, *, timeout: float = DEFAULT_TIMEOUT) -> str:
    """The ``origin`` remote of the working copy at ``path``, without user information, or "".

    Git reads the configuration file as a file (``git config --file``), not in the repository."""
    config = _config_file(path)
    if config is None or not config.is_file():
        return ""
    try:
        output = run(["config", "--file", str(config), "--get", "remote.origin.url"], timeout=timeout)
    except GitError:
        return ""
    return redact(output.decode("utf-8", "replace"))
