"""A product's governance repository on the server: one working copy per product under
``GOVERNANCE_WORKING_COPIES``, fetched afresh from the repository's address and branch, written into
by the export, diffed, committed and pushed — all through :mod:`programkontor.core.git`.

Addresses: an http(s) URL (checked and pinned by ``core.git``), or a local directory below one of the
folders the operator allows (``GOVERNANCE_LOCAL_ROOTS``; none by default). A push sends a token read
from the server's environment as an HTTP header, through ``GIT_CONFIG_*`` variables of the one git
process: never on a command line, in a file, in the database or in a message.
"""

from __future__ import annotations

import base64
import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from programkontor.core import git
from programkontor.core.git import GitError, Location


def _timeout() -> float:
    return float(settings.PROGRAMKONTOR_GOVERNANCE_IMPORT["clone_timeout"])


def local_roots() -> list[Path]:
    return [Path(root).expanduser().resolve() for root in settings.PROGRAMKONTOR_GOVERNANCE_LOCAL_ROOTS]


def locate(address: str) -> Location:
    """The accepted location of ``address``; GitError if the server may not read it."""
    roots = local_roots()
    place = git.locate(address, local=bool(roots))
    if place.local:
        if not any(place.path.is_relative_to(root) for root in roots):
            raise GitError(
                _("%(address)s is not accepted: only http(s) URLs can be read.") % {"address": place.shown}
            )
    else:
        git.pin(place)  # an internal host is refused before any work is queued
    return place


def path_for(product_id: int) -> Path:
    return Path(settings.GOVERNANCE_WORKING_COPIES) / f"product-{product_id}"


@contextmanager
def locked(product_id: int) -> Iterator[Path]:
    """The product's working copy, held by this process until the block ends (jobs queue up)."""
    folder = path_for(product_id)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f"product-{product_id}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield folder
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _pinned(place: Location) -> list[str]:
    """``-c`` options that pin Git to the addresses checked now (none for a local directory)."""
    if place.local:
        return []
    options = git.pin(place)
    return [item if item != "--config" else "-c" for item in options]


def fetch(folder: Path, address: str, branch: str) -> str:
    """Replace ``folder`` with a fresh clone of ``branch`` at ``address``; the commit it is at."""
    place = locate(address)
    fresh = folder.with_name(folder.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        git.clone(place, fresh, timeout=_timeout(), branch=branch)
    except GitError:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    shutil.rmtree(folder, ignore_errors=True)
    fresh.rename(folder)
    return head(folder)


def head(folder: Path) -> str:
    return git.run(["rev-parse", "HEAD"], cwd=folder, timeout=_timeout()).decode().strip()


def diff(folder: Path, written: list[str]) -> str:
    """The working copy's changes against its commit, new files included, as ``git diff`` shows them."""
    if written:
        git.run(["add", "--intent-to-add", "--", *written], cwd=folder, timeout=_timeout())
    output = git.run(
        ["-c", "core.quotepath=false", "diff", "--no-color", "--no-ext-diff", "--no-textconv", "HEAD"],
        cwd=folder,
        timeout=_timeout(),
    )
    return output.decode("utf-8", "replace")


def token(variable: str) -> str:
    """The push token in the server's environment under ``variable``, or ""."""
    return os.environ.get(variable, "").strip() if variable else ""


def may_push(address: str, variable: str) -> bool:
    """Whether a push can be offered: a token is configured and present, and the address is https
    (or http to a host the operator allowed, e.g. an internal Git server)."""
    if not token(variable):
        return False
    try:
        git.locate(address, local=False)
    except GitError:
        return False
    host = address.split("/", 3)[2].split(":")[0].lower()
    return address.startswith("https://") or host in {
        h.lower() for h in settings.PROGRAMKONTOR_GIT_ALLOWED_HOSTS
    }


def commit_and_push(
    folder: Path, *, address: str, branch: str, variable: str, message: str, author: str, email: str
) -> str:
    """Commit everything in the working copy as ``author`` and push it to ``branch``; the new commit."""
    secret = token(variable)
    if not may_push(address, variable):
        raise GitError(_("No push token is configured for this repository on the server."))
    place = git.locate(address, local=False)
    identity = ["-c", f"user.name={author}", "-c", f"user.email={email}", "-c", "commit.gpgsign=false"]
    git.run(["add", "--all"], cwd=folder, timeout=_timeout())
    git.run([*identity, "commit", "--quiet", "--no-verify", "-m", message], cwd=folder, timeout=_timeout())
    header = base64.b64encode(f"x-access-token:{secret}".encode()).decode()
    secret_env = {
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "http.extraHeader",
        "GIT_CONFIG_VALUE_0": f"Authorization: Basic {header}",
    }
    git.run(
        [*_pinned(place), "push", "--quiet", "--no-verify", "--", place.address, f"HEAD:refs/heads/{branch}"],
        cwd=folder,
        timeout=_timeout(),
        secret_env=secret_env,
    )
    return head(folder)


def is_repository(folder: Path) -> bool:
    return git.is_repository(folder)
