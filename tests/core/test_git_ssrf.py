"""Git fetches only from the internet: internal addresses are refused after DNS resolution (every
answer), unless the operator allows the host; Git is pinned to the checked addresses, follows no
redirect, and what the user reads is our message, never Git's.

The servers here are real (``git http-backend`` and plain sockets on 127.0.0.1); only the name
resolution of made-up ``.test`` hosts is replaced, as a resolver the test controls."""

from __future__ import annotations

import ipaddress
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from programkontor.core import git
from programkontor.core import services as core_services
from programkontor.evaluation.repository import sources
from tests.evaluation.repositories import GOOD_FILES, make_repository
from tests.git_http import git_http_server, loopback_allowed, publish

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

INTERNAL = "is not accepted: its host is on an internal network or on this server"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def served(tmp_path: Path) -> Path:
    """A folder of bare repositories with one, ``os2test.git``."""
    origin = make_repository(tmp_path / "origin", GOOD_FILES, history=[(3, {"b.txt": "2"})])
    root = tmp_path / "served"
    root.mkdir()
    publish(origin, root, "os2test.git")
    return root


@pytest.fixture
def dns(monkeypatch: Any) -> dict[str, list[str]]:
    """Made-up host names and what they resolve to; other names resolve as usual."""
    table: dict[str, list[str]] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host in table:
            return [
                (
                    socket.AF_INET6 if ":" in address else socket.AF_INET,
                    socket.SOCK_STREAM,
                    6,
                    "",
                    (address, int(port)),
                )
                for address in table[host]
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return table


# What is refused


def test_loopback_is_refused_by_default_and_git_never_asks_the_server(served: Path) -> None:
    with git_http_server(served, allow=False) as server:
        for address in (f"{server}/os2test.git", f"http://localhost:{server.port}/os2test.git"):
            with pytest.raises(git.GitError, match=INTERNAL), git.working_tree(address):
                pytest.fail("an internal address was cloned")
            with pytest.raises(git.GitError, match=INTERNAL), sources.open_source(address, local=False):
                pytest.fail("an internal address was cloned")
        assert server.requests == []


def test_the_test_allowance_is_what_lets_git_fetch_from_loopback(served: Path) -> None:
    with git_http_server(served, allow=False) as server, loopback_allowed():
        with git.working_tree(f"{server}/os2test.git") as folder:
            assert (folder / "b.txt").read_text() == "2"
        assert server.requests


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.3.2.1",
        "0.0.0.0",  # noqa: S104
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "100.64.0.1",  # shared address space (carrier-grade NAT)
        "100.100.100.200",  # a cloud's metadata service
        "169.254.169.254",  # the metadata service of most clouds
        "192.0.0.1",
        "192.0.2.1",
        "198.18.0.1",
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "::",
        "::1",
        "fe80::1",
        "fc00::1",
        "fd00:ec2::254",  # the IPv6 metadata service
        "ff02::1",
        "2001:db8::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "2002:7f00:1::1",  # 6to4 around 127.0.0.1
        "2002:a00:1::1",  # 6to4 around 10.0.0.1
        "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # Teredo around 10.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 around 169.254.169.254
    ],
)
def test_internal_addresses_are_recognised(address: str) -> None:
    assert git.internal_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.215.14", "140.82.121.4", "2606:4700::6810:84e5", "2a00:1450::1"])
def test_public_addresses_are_not_internal(address: str) -> None:
    assert not git.internal_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "answers",
    [
        ["127.0.0.1"],
        ["169.254.169.254"],
        ["140.82.121.4", "10.0.0.7"],  # one internal answer among public ones is enough
        ["2606:4700::6810:84e5", "::1"],
        ["::ffff:192.168.0.1"],
    ],
)
def test_a_host_name_is_refused_when_any_address_it_resolves_to_is_internal(
    dns: dict[str, list[str]], answers: list[str], monkeypatch: Any
) -> None:
    dns["git.example.test"] = answers
    started: list[Any] = []
    monkeypatch.setattr(git, "run", lambda *args, **kwargs: started.append(args))
    with (
        pytest.raises(git.GitError, match=f"^http://git.example.test/OS2/x.git {INTERNAL}") as refused,
        git.working_tree("http://git.example.test/OS2/x.git"),
    ):
        pass
    assert started == []  # git never ran
    for answer in answers:
        assert answer not in str(refused.value)  # the user does not learn the internal address


def test_a_host_name_that_does_not_resolve_is_refused_in_our_words() -> None:
    with (
        pytest.raises(
            git.GitError,
            match=r"^Git could not fetch https://no-such-host\.invalid/x\.git: "
            r"the host name could not be resolved\.$",
        ),
        git.working_tree("https://no-such-host.invalid/x.git"),
    ):
        pass


def test_decimal_and_short_forms_of_loopback_are_refused() -> None:
    for address in ("http://2130706433/x.git", "http://127.1/x.git", "http://0x7f000001/x.git"):
        with pytest.raises(git.GitError) as refused, git.working_tree(address):
            pass
        assert INTERNAL in str(refused.value) or "could not be resolved" in str(refused.value)


# What an operator allows, and the pin


def test_an_allowed_host_is_fetched_from_the_address_that_was_checked(
    served: Path, dns: dict[str, list[str]], settings: Any
) -> None:
    """``git.intern.test`` exists only in the resolver of this process: Git can reach it only through
    the addresses pinned for it, also when a partial clone fetches contents later."""
    settings.PROGRAMKONTOR_GIT_ALLOWED_HOSTS = ["Git.Intern.test"]
    dns["git.intern.test"] = ["127.0.0.1"]
    with git_http_server(served, allow=False) as server:
        url = f"http://git.intern.test:{server.port}/os2test.git"
        with sources.open_source(url, local=False, timeout=30) as source:
            before = len(server.requests)
            assert source.read("LICENSE") == GOOD_FILES["LICENSE"]  # fetched now, through the pin
            assert len(server.requests) > before
        settings.PROGRAMKONTOR_GIT_ALLOWED_HOSTS = []
        with pytest.raises(git.GitError, match=INTERNAL), git.working_tree(url):
            pass


def test_the_pin_names_every_checked_address(dns: dict[str, list[str]]) -> None:
    dns["git.example.test"] = ["140.82.121.4", "2606:4700::6810:84e5"]
    options = git.pin(git.locate("https://git.example.test/OS2/x.git"))
    assert options == (
        "--config",
        "http.curloptResolve=git.example.test:443:140.82.121.4,[2606:4700::6810:84e5]",
        "--config",
        "http.followRedirects=false",
    )


def _redirecting_server(target: str) -> tuple[ThreadingHTTPServer, list[str]]:
    asked: list[str] = []

    class Redirect(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(302)
            self.send_header("Location", target + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, asked


def test_a_redirect_is_not_followed(served: Path, dns: dict[str, list[str]], settings: Any) -> None:
    settings.PROGRAMKONTOR_GIT_ALLOWED_HOSTS = ["mirror.intern.test"]
    dns["mirror.intern.test"] = ["127.0.0.1"]
    with git_http_server(served, allow=False) as internal:
        redirect, asked = _redirecting_server(str(internal))
        try:
            url = f"http://mirror.intern.test:{redirect.server_address[1]}/os2test.git"
            with (
                pytest.raises(
                    git.GitError, match=r"the address redirects elsewhere: give the address it leads to$"
                ),
                git.working_tree(url),
            ):
                pass
        finally:
            redirect.shutdown()
            redirect.server_close()
        assert asked and internal.requests == []


# What the user reads


@pytest.fixture
def hanging_up() -> Iterator[str]:
    """A server that accepts a connection and closes it without a word (curl: "Empty reply")."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            connection.recv(65536)
            connection.close()

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/x.git"
    listener.close()


def _closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = int(probe.getsockname()[1])
    probe.close()
    return port


@pytest.mark.parametrize(
    ("make_url", "reason"),
    [
        (lambda hanging: hanging, "the server did not answer as a Git server does"),
        (lambda hanging: f"http://127.0.0.1:{_closed_port()}/x.git", "the server could not be reached"),
    ],
)
def test_a_failure_is_told_in_our_words_and_gits_are_only_logged(
    hanging_up: str, make_url: Callable[[str], str], reason: str, caplog: Any
) -> None:
    url = make_url(hanging_up)
    with loopback_allowed(), pytest.raises(git.GitError) as failed, git.working_tree(url):
        pass
    assert str(failed.value) == f"Git could not fetch {url}: {reason}"
    assert failed.value.detail  # Git's own words, kept for the log
    assert failed.value.detail not in str(failed.value)
    assert failed.value.detail in caplog.text


def test_danish_users_read_the_refusal_in_danish(served: Path) -> None:
    with (
        git_http_server(served, allow=False) as server,
        translation.override("da"),
        pytest.raises(git.GitError) as refused,
        git.working_tree(f"{server}/os2test.git"),
    ):
        pass
    assert "internt netværk" in str(refused.value)


# The page that started it: a product's editor asks the server to check an internal address


def test_a_coordinator_cannot_make_the_server_fetch_an_internal_address(world: Any, served: Path) -> None:
    with git_http_server(served, allow=False) as server:
        targets = [f"{server}/os2test.git", "http://169.254.169.254/latest/meta-data.git"]
        core_services.update(
            world.product,
            actor=None,
            expected_version=world.product.version,
            changes={"repository_urls": targets},
        )
        client = Client()
        client.force_login(world["carol"])
        page = reverse("evaluation:repositorycheck_add", args=[world.product.slug])
        for target in targets:
            with translation.override("en"):
                response = client.post(page, {"repository": target}, HTTP_ACCEPT_LANGUAGE="en")
            assert response.status_code == 400
            text = response.content.decode()
            assert "its host is on an internal network" in text or "internt netværk" in text
        assert server.requests == []
