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
Error messages never show a user name or password, and never Git's own words: Git's reason is
logged for the operator and the user gets ours (:func:`reason_for`).

An http(s) address is fetched only from the internet. Its host name is resolved once, here, and
every address it resolves to (all A and AAAA answers) must be public: loopback, private, shared,
link-local (the cloud metadata services), multicast, reserved and unspecified addresses, also when
wrapped in IPv6 (mapped, 6to4, Teredo, NAT64), are refused before Git runs, unless the operator
allows the host (``GIT_ALLOWED_HOSTS``, setting ``PROGRAMKONTOR_GIT_ALLOWED_HOSTS``). Git is then
pinned to the addresses that were checked (``http.curloptResolve``, also written into the clone's
own configuration for the contents a partial clone fetches later), so a second answer from DNS
cannot send it elsewhere (DNS rebinding), and it follows no redirect (``http.followRedirects``).
"""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

logger = logging.getLogger(__name__)

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
    "-c", "http.followRedirects=false",
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
    """An address was refused, or Git failed or took too long; the message may be shown to the user.

    ``detail``: Git's own words, for the log only."""

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


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


# Addresses Git may fetch from


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def internal_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether ``address`` is not a public internet address: loopback, private, shared (CGNAT),
    link-local (metadata services), multicast, reserved, unspecified or documentation, also inside
    an IPv6 address that carries an IPv4 one (mapped, 6to4, Teredo, NAT64)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded: list[ipaddress.IPv4Address] = []
        if address.ipv4_mapped is not None:
            embedded.append(address.ipv4_mapped)
        if address.sixtofour is not None:
            embedded.append(address.sixtofour)
        if address.teredo is not None:
            embedded.extend(address.teredo)
        if address in _NAT64:
            embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if any(internal_address(inner) for inner in embedded):
            return True
    return (
        not address.is_global
        or address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def _allowed_hosts() -> set[str]:
    hosts: list[str] = getattr(settings, "PROGRAMKONTOR_GIT_ALLOWED_HOSTS", [])
    return {host.strip().lower().rstrip(".") for host in hosts if host.strip()}


def _resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (A and AAAA), in the resolver's order, without repeats."""
    answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    found: list[str] = []
    for _family, _type, _proto, _name, sockaddr in answers:
        text = str(ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0]))
        if text not in found:
            found.append(text)
    return found


def pin(location: Location) -> tuple[str, ...]:
    """The ``git clone`` options that fetch ``location`` (an http(s) URL) only from the addresses
    checked here; GitError when the host cannot be resolved or resolves to an internal address that
    the operator has not allowed (``PROGRAMKONTOR_GIT_ALLOWED_HOSTS``)."""
    parts = urlsplit(location.address)
    host = (parts.hostname or "").lower()
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        addresses = _resolve(host, port)
    except (OSError, UnicodeError, ValueError) as exc:
        raise GitError(
            _("Git could not fetch %(address)s: the host name could not be resolved.")
            % {"address": location.shown},
            detail=str(exc),
        ) from exc
    if not addresses:
        raise GitError(
            _("Git could not fetch %(address)s: the host name could not be resolved.")
            % {"address": location.shown}
        )
    internal = [text for text in addresses if internal_address(ipaddress.ip_address(text))]
    if internal and host.rstrip(".") not in _allowed_hosts():
        logger.warning("Refused to fetch %s: %s resolves to %s", location.shown, host, ", ".join(internal))
        raise GitError(
            _(
                "%(address)s is not accepted: its host is on an internal network or on this server. "
                "Only repositories on the internet can be read."
            )
            % {"address": location.shown}
        )
    shown = ",".join(f"[{text}]" if ":" in text else text for text in addresses)
    return (
        "--config", f"http.curloptResolve={host}:{port}:{shown}",
        "--config", "http.followRedirects=false",
    )  # fmt: skip


#: What Git's message means, in our words (the first that matches); the rest is a plain failure.
_REASONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"returned error: 40[137]|Authentication failed|could not read (Username|Password)", re.I),
        gettext_noop("the repository asks for a login: only public repositories can be read"),
    ),
    (
        re.compile(r"returned error: 30\d|redirect", re.I),
        gettext_noop("the address redirects elsewhere: give the address it leads to"),
    ),
    (
        re.compile(r"not found|returned error: 404|does not appear to be a git repository", re.I),
        gettext_noop("there is no Git repository at the address"),
    ),
    (
        re.compile(r"Could not resolve (host|proxy)", re.I),
        gettext_noop("the host name could not be resolved"),
    ),
    (
        re.compile(
            r"Failed to connect|Couldn't connect|Connection refused|Connection timed out|No route to host"
            r"|Network is unreachable|Connection reset",
            re.I,
        ),
        gettext_noop("the server could not be reached"),
    ),
    (
        re.compile(r"SSL|certificate|TLS|gnutls", re.I),
        gettext_noop("a secure connection to the server could not be made"),
    ),
    (
        re.compile(r"dubious ownership|unsafe repository", re.I),
        gettext_noop("the repository belongs to another user"),
    ),
    (
        re.compile(r"transport .* not allowed|protocol .* not supported|unsupported protocol", re.I),
        gettext_noop("Git may only use http(s) here"),
    ),
    (
        re.compile(
            r"Empty reply|RPC failed|unexpected disconnect|hung up|early EOF|protocol error|bad packet"
            r"|invalid server response|not valid: is this a git repository|index-pack failed",
            re.I,
        ),
        gettext_noop("the server did not answer as a Git server does"),
    ),
)


def reason_for(detail: str) -> str:
    """Our words for Git's message ``detail`` (translated), or "" when it is none we know."""
    for pattern, reason in _REASONS:
        if pattern.search(detail):
            return _(reason)
    return ""


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
    secret_env: dict[str, str] | None = None,
) -> bytes:
    """Run ``git args`` with the safe configuration and return its output; GitError on failure.

    ``cwd``: the repository to run in (one of our own clones); without it, git runs in an empty
    directory. ``allow_file`` allows the ``file`` transport too (only for cloning a local directory).
    ``secret_env``: variables for this command only (e.g. ``GIT_CONFIG_*`` carrying a push token's
    header): never on the command line, never written, and taken out of any message.
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
                env={**_environment(home, allow_file=allow_file, ceiling=cwd is None), **(secret_env or {})},
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
        detail = _reason(stderr)
        for secret in (secret_env or {}).values():
            detail = detail.replace(secret, "***") if len(secret) > 8 else detail
        logger.info("git %s failed (exit status %d): %s", name, process.returncode, detail)
        reason = reason_for(detail)
        if reason:
            raise GitError(reason, detail=detail)
        raise GitError(
            _("git %(command)s failed (exit status %(status)d).")
            % {"command": name, "status": process.returncode},
            detail=detail,
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
    branch: str = "",
) -> Path:
    """Clone ``location`` into ``destination`` (which must not exist yet) and return it.

    ``files``: check the files out (a working tree); otherwise a clone without a working tree, and
    from an http(s) URL without file contents (``--filter=blob:none``: they are fetched when read).
    ``depth``: only the last ``depth`` commits. ``branch``: that branch only. ``all_refs``: a bare
    mirror with all the source's refs (its branches and its remote-tracking branches), for reading a
    local working copy's branches.
    Never tags, submodules, hooks or templates.
    """
    if GIT is None:
        raise GitError(_("Git is not installed (there is no git on the PATH)."))
    args = ["clone", "--quiet", "--no-tags", "--no-recurse-submodules", "--template="]
    if all_refs:
        args.append("--mirror")
    elif not files:
        args.append("--no-checkout")
    if location.local:
        args.append("--no-local")
    else:
        args.extend(pin(location))
        if not files:
            args.append("--filter=blob:none")
    if depth:
        args.append(f"--depth={depth}")
    if branch:
        args.extend(["--single-branch", "--branch", branch])
    try:
        run([*args, "--", location.address, str(destination)], timeout=timeout, allow_file=location.local)
    except GitTimeout as exc:
        raise GitTimeout(
            _("Git took longer than %(seconds)s seconds to fetch %(address)s.")
            % {"seconds": f"{timeout:g}", "address": location.shown}
        ) from exc
    except GitError as exc:
        raise GitError(
            _("Git could not fetch %(address)s: %(reason)s") % {"address": location.shown, "reason": exc},
            detail=exc.detail,
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
