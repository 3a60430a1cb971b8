"""Get a governance repository to read: a local folder as it is, a Git URL as a shallow clone.

The clone runs ``git clone --depth 1`` in a temporary directory with a timeout, without a terminal
prompt, hooks or submodules; nothing from the repository is executed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CLONE_TIMEOUT_SECONDS = 120
_URL = re.compile(r"^(https?://|ssh://|git://|file://|[\w.-]+@[\w.-]+:)")


class FetchError(Exception):
    pass


def is_git_url(location: str) -> bool:
    return bool(_URL.match(location))


@contextmanager
def checkout(location: str, timeout: int = CLONE_TIMEOUT_SECONDS) -> Iterator[Path]:
    """A folder with the repository's files for the duration of the ``with`` block."""
    if not is_git_url(location):
        folder = Path(location).expanduser()
        if not folder.is_dir():
            raise FetchError(f"{location} er hverken en mappe eller en Git-adresse.")
        yield folder
        return
    git = shutil.which("git")
    if git is None:
        raise FetchError("Git er ikke installeret, så adressen kan ikke hentes.")
    directory = Path(tempfile.mkdtemp(prefix="programkontor-governance-"))
    target = directory / "repo"
    environment = {
        **os.environ,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_ASKPASS": "true",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_LFS_SKIP_SMUDGE": "1",
    }
    command = [
        git,
        "-c", "core.hooksPath=/dev/null",
        "-c", "protocol.ext.allow=never",
        "clone", "--depth", "1", "--quiet", "--no-recurse-submodules", "--", location, str(target),
    ]  # fmt: skip
    try:
        try:
            subprocess.run(  # noqa: S603 - fixed argument list, no shell
                command, env=environment, capture_output=True, timeout=timeout, check=True, text=True
            )
        except subprocess.TimeoutExpired as exc:
            raise FetchError(f"Git brugte mere end {timeout} sekunder på at hente {location}.") from exc
        except subprocess.CalledProcessError as exc:
            message = (exc.stderr or "").strip().splitlines()
            raise FetchError(f"Git kunne ikke hente {location}: {message[-1] if message else exc}") from exc
        yield target
    finally:
        shutil.rmtree(directory, ignore_errors=True)
