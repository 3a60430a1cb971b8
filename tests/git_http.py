"""A real Git server over HTTP for the tests: ``git http-backend`` (smart HTTP) behind ``http.server``
on 127.0.0.1, serving bare copies of repositories made in tmp_path.

Git refuses to fetch from loopback unless the host is allowed (``PROGRAMKONTOR_GIT_ALLOWED_HOSTS``):
:func:`git_http_server` allows 127.0.0.1 while it serves (``allow=False`` leaves it refused), and
:func:`loopback_allowed` allows it for tests that point Git at a loopback port with no server."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.conf import settings
from django.test import override_settings

GIT = shutil.which("git") or "/usr/bin/git"
_HEADER_END = re.compile(rb"\r?\n\r?\n")


def _clean_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
    return env


@contextmanager
def loopback_allowed() -> Iterator[None]:
    """Git may fetch from 127.0.0.1 (and ``localhost``) while the block runs: the tests' allowance."""
    hosts = [*getattr(settings, "PROGRAMKONTOR_GIT_ALLOWED_HOSTS", []), "127.0.0.1", "localhost"]
    with override_settings(PROGRAMKONTOR_GIT_ALLOWED_HOSTS=hosts):
        yield


class _Backend(BaseHTTPRequestHandler):
    root: Path
    #: Every request path the server was asked for, in order.
    requests: list[str]
    #: With a token: a push must send it (HTTP Basic, any user name); ``authorizations`` records what came.
    token: str = ""
    authorizations: list[str]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _authorized(self) -> bool:
        import base64

        sent = self.headers.get("Authorization", "")
        self.authorizations.append(sent)
        if not sent.startswith("Basic "):
            return False
        _user, _colon, password = base64.b64decode(sent[6:]).decode().partition(":")
        return password == self.token

    def _serve(self) -> None:
        self.requests.append(self.path)
        path, _, query = self.path.partition("?")
        body = self._body()
        env = _clean_env()
        pushing = "git-receive-pack" in self.path
        if pushing:
            if not (self.token and self._authorized()):
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="git"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            env["REMOTE_USER"] = "pusher"
        env.update(
            GIT_PROJECT_ROOT=str(self.root),
            GIT_HTTP_EXPORT_ALL="1",
            REQUEST_METHOD=self.command,
            PATH_INFO=path,
            QUERY_STRING=query,
            CONTENT_TYPE=self.headers.get("Content-Type", ""),
            CONTENT_LENGTH=str(len(body)),
            REMOTE_ADDR="127.0.0.1",
            HTTP_CONTENT_ENCODING=self.headers.get("Content-Encoding", ""),
            HTTP_GIT_PROTOCOL=self.headers.get("Git-Protocol", ""),
        )
        result = subprocess.run(
            [GIT, "http-backend"], input=body, env=env, capture_output=True, timeout=60, check=False
        )
        head, payload = _HEADER_END.split(result.stdout, maxsplit=1)
        status, headers = 200, []
        for line in head.decode("latin-1").splitlines():
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.split()[0])
            else:
                headers.append((name, value.strip()))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class GitHttpServer(str):
    """The base URL of a running server (``http://127.0.0.1:PORT``) and the paths it was asked for."""

    requests: list[str]
    authorizations: list[str]
    port: int


@contextmanager
def git_http_server(root: Path, *, allow: bool = True, token: str = "") -> Iterator[GitHttpServer]:
    """Serve the bare repositories below ``root``; yields the base URL (``http://127.0.0.1:PORT``).

    ``allow``: Git may fetch from loopback while the server runs (:func:`loopback_allowed`).
    ``token``: pushes are accepted with this password (``authorizations`` records each header sent)."""
    requests: list[str] = []
    authorizations: list[str] = []
    handler = type(
        "Backend",
        (_Backend,),
        {"root": root, "requests": requests, "token": token, "authorizations": authorizations},
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = GitHttpServer(f"http://127.0.0.1:{server.server_address[1]}")
    base.requests = requests
    base.authorizations = authorizations
    base.port = int(server.server_address[1])
    try:
        if allow:
            with loopback_allowed():
                yield base
        else:
            yield base
    finally:
        server.shutdown()
        server.server_close()


def publish(repository: Path, root: Path, name: str) -> Path:
    """A bare copy of ``repository`` as ``root/name`` that allows partial clones."""
    target = root / name
    env = _clean_env()
    subprocess.run([GIT, "clone", "-q", "--bare", str(repository), str(target)], env=env, check=True)
    for key in ("uploadpack.allowFilter", "uploadpack.allowAnySHA1InWant"):
        subprocess.run([GIT, "config", key, "true"], cwd=target, env=env, check=True)
    return target


@contextmanager
def serving(repository: Path, root: Path, name: str = "repository.git") -> Iterator[str]:
    """``repository`` served over HTTP while the block runs; yields its clone URL."""
    root.mkdir(parents=True, exist_ok=True)
    publish(repository, root, name)
    with git_http_server(root) as base:
        yield f"{base}/{name}"
