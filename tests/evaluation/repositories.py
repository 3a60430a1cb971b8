"""Real Git repositories for the tests, made with the git command in a temporary directory."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path

GIT = shutil.which("git") or "/usr/bin/git"
AUTHOR = {"GIT_AUTHOR_NAME": "Test Udvikler", "GIT_AUTHOR_EMAIL": "test@example.org"}
COMMITTER = {"GIT_COMMITTER_NAME": "Test Udvikler", "GIT_COMMITTER_EMAIL": "test@example.org"}


def git(path: Path, *args: str, when: datetime.datetime | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(AUTHOR, **COMMITTER, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    if when is not None:
        stamp = when.strftime("%Y-%m-%dT%H:%M:%S+00:00")
        env.update(GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
    return subprocess.run([GIT, *args], cwd=path, env=env, check=True, capture_output=True, text=True).stdout


def commit(path: Path, files: Mapping[str, str], message: str, when: datetime.datetime) -> str:
    for name, content in files.items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    git(path, "add", "-A")
    git(path, "commit", "-q", "--allow-empty", "-m", message, when=when)
    return git(path, "rev-parse", "HEAD").strip()


def make_repository(
    path: Path,
    files: Mapping[str, str],
    *,
    history: Sequence[tuple[int, Mapping[str, str]]] = (),
    now: datetime.datetime | None = None,
) -> Path:
    """A repository whose first commit holds ``files``, followed by ``history``: (days ago, files)."""
    moment = now or datetime.datetime.now(tz=datetime.UTC)
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    first_age = max([days for days, _files in history], default=0) + 1
    commit(path, files, "Første version", moment - datetime.timedelta(days=first_age))
    for days, changes in sorted(history, key=lambda pair: -pair[0]):
        commit(path, changes, f"Ændring for {days} dage siden", moment - datetime.timedelta(days=days))
    return path


def licence_text(spdx: str) -> str:
    """The SPDX text of a licence the repository check ships (``GPL-3.0-only``, ``MPL-2.0``, ...)."""
    folder = resources.files("programkontor.evaluation").joinpath("data", "licences")
    return folder.joinpath(f"{spdx}.txt").read_text(encoding="utf-8")


LICENCE_FILES = Path(__file__).parent / "files" / "licences"

GOOD_FILES = {
    "LICENSE": licence_text("MPL-2.0"),
    "README.md": "# OS2test\n\n## Formål\n\nHjælper kommuner.\n\nIssues: https://github.com/OS2/os2test/issues\n",
    "SECURITY.md": "# Sikkerhed\n\nSkriv til os.\n",
    "CONTRIBUTING.md": "# Bidrag\n\nVi følger PEP 8.\n",
    "Dockerfile": "FROM python:3.12\n",
    "publiccode.yml": """publiccodeYmlVersion: "0.4"
name: OS2test
url: https://github.com/OS2/os2test
platforms: [web]
categories: [it-development]
developmentStatus: stable
softwareType: standalone/web
description:
  da:
    shortDescription: Et testprodukt.
    longDescription: >
      Et testprodukt, der viser, hvordan repository-tjekket læser publiccode.yml. Beskrivelsen skal være
      lang nok til at ligne en rigtig beskrivelse af et produkt i kataloget over offentlig software.
    features: [Test]
legal:
  license: MPL-2.0
maintenance:
  type: community
  contacts: [{name: Karen}]
localisation:
  localisationReady: true
  availableLanguages: [da]
""",
    "src/app.py": "print('hej')\n",
}
