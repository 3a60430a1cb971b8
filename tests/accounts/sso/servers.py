"""Starting the tests' identity providers as processes of their own, and talking to their controls."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[3]
START_TIMEOUT = 60
#: The providers listen on 127.0.0.1 and call themselves by this name, as pytest-django's live server
#: does: the browser then sees one site, as behind a proxy, and SameSite=Lax cookies behave so.
HOST = "localhost"


@dataclass
class RunningProvider:
    """A provider process on ``http://127.0.0.1:<port>``; ``control(...)`` changes its users and settings."""

    port: int
    token: str
    process: subprocess.Popen[str]
    directory: Path
    control_path: str
    log: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def control(self, **data: Any) -> Any:
        answer = requests.post(
            f"{self.base}{self.control_path}",
            data=json.dumps(data),
            headers={"X-Control-Token": self.token, "Content-Type": "application/json"},
            timeout=30,
        )
        answer.raise_for_status()
        return answer.json()


@contextmanager
def start(module: str, control_path: str, token_variable: str) -> Iterator[RunningProvider]:
    """Run ``python -m <module> <tmpdir>`` until it prints ``READY <port>``; stop it afterwards (its
    standard input is closed, and it is killed if it does not end)."""
    token = secrets.token_urlsafe(24)
    with tempfile.TemporaryDirectory(prefix="pk-idp-") as directory:
        env = {**os.environ, token_variable: token, "PYTHONPATH": str(ROOT), "IDP_TEST_HOST": HOST}
        for name in ("DJANGO_SETTINGS_MODULE", "PROGRAMKONTOR_TESTING", "DATABASE_URL"):
            env.pop(name, None)
        process = subprocess.Popen(
            [sys.executable, "-m", module, directory],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert process.stdout is not None
        deadline = time.monotonic() + START_TIMEOUT
        seen: list[str] = []
        port = 0
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            seen.append(line)
            if line.startswith("READY "):
                port = int(line.split()[1])
                break
        if not port:
            process.kill()
            raise RuntimeError(f"{module} did not start:\n{''.join(seen)}")
        running = RunningProvider(port, token, process, Path(directory), control_path, seen)
        # Keep reading what it prints (errors), so a full pipe never stops it.
        threading.Thread(target=lambda: seen.extend(process.stdout or []), daemon=True).start()
        try:
            yield running
        finally:
            assert process.stdin is not None
            process.stdin.close()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
