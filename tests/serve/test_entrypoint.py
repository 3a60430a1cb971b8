"""`make serve` and the container run ``scripts/entrypoint.sh serve``: migrate, collect static files,
the deploy checklist, then gunicorn and the background worker. This runs it with the production
settings against the PostgreSQL database of the test run and asks it for /healthz."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "scripts" / "entrypoint.sh"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def database_url() -> str:
    s = connection.settings_dict
    return (
        f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    )


def get(url: str, **headers: str) -> tuple[int, bytes, dict[str, str]]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=5) as answer:  # noqa: S310
            return answer.status, answer.read(), dict(answer.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


@pytest.mark.django_db(transaction=True)
def test_the_entrypoint_serves_the_production_settings_on_postgresql(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "make serve runs on PostgreSQL: run the suite with DATABASE_URL=postgres://... (as .ci/run does)"
        )
    port = free_port()
    (tmp_path / "secret-key").write_text(secrets.token_urlsafe(50))
    (tmp_path / "database-url").write_text(database_url())
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in (
            "DEBUG",
            "PROGRAMKONTOR_TESTING",
            "SECRET_KEY",
            "DATABASE_URL",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",  # set for the live server; check --deploy refuses it
        )
    }
    env.update(
        {
            "PATH": f"{BIN}:{env.get('PATH', '')}",
            "DEBUG": "0",
            "SECRET_KEY_FILE": str(tmp_path / "secret-key"),
            "DATABASE_URL_FILE": str(tmp_path / "database-url"),
            "ALLOWED_HOSTS": "programkontor.example.dk",
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "WEB_CONCURRENCY": "1",
            "PROGRAMKONTOR_DATA_DIR": str(tmp_path),
            "STATIC_ROOT": str(tmp_path / "static"),
            "SECURE_PROXY_SSL_HEADER": "1",
        }
    )
    server = subprocess.Popen(
        [str(ENTRYPOINT), "serve"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []  # read as it comes, so the test can wait for the worker before stopping
    stdout = server.stdout
    assert stdout is not None
    reader = threading.Thread(target=lambda: lines.extend(iter(stdout.readline, "")), daemon=True)
    reader.start()

    def output_so_far() -> str:
        return "".join(lines)

    base = f"http://127.0.0.1:{port}"
    try:
        status = 0
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, body, _ = get(f"{base}/healthz", Host="programkontor.example.dk")
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        if status != 200:
            server.terminate()
            server.wait(timeout=30)
            reader.join(timeout=10)
            pytest.fail(f"the server did not answer /healthz:\n{output_so_far()[-3000:]}")
        assert b'"status": "ok"' in body

        # Production settings: plain HTTP is sent to HTTPS, an unknown host is refused ...
        status, _, headers = get(f"{base}/konto/log-ind/", Host="programkontor.example.dk")
        assert status == 301 and headers["Location"] == "https://programkontor.example.dk/konto/log-ind/"
        assert get(f"{base}/healthz", Host="evil.example.com")[0] == 400
        # ... and behind the TLS proxy the page and its static files (WhiteNoise, hashed names) are served.
        status, page, headers = get(
            f"{base}/konto/log-ind/", Host="programkontor.example.dk", **{"X-Forwarded-Proto": "https"}
        )
        assert status == 200 and "Strict-Transport-Security" in headers
        css = next(part.split('"')[0] for part in page.decode().split('href="/static/')[1:] if ".css" in part)
        assert (
            get(f"{base}/static/{css}", Host="programkontor.example.dk", **{"X-Forwarded-Proto": "https"})[0]
            == 200
        )
        # The container's health check sees the same.
        health = subprocess.run(
            [str(ENTRYPOINT), "health"], env=env, capture_output=True, text=True, timeout=30, check=False
        )
        assert health.returncode == 0, health.stderr
        # The background worker beside it: on a busy machine it may start after the web server answers.
        deadline = time.monotonic() + 60
        while "Starting worker" not in output_so_far() and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        reader.join(timeout=10)
    output = output_so_far()
    assert server.returncode == 0, output[-3000:]
    assert "System check identified no issues" in output
    assert "Starting worker" in output  # the background worker ran beside the web server
    assert "Listening at: http://127.0.0.1" in output
