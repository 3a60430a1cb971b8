"""The lock-out behind a reverse proxy: the client's address comes from ``X-Forwarded-For`` when, and
only when, the operator says how many proxies stand in front (``TRUSTED_PROXIES``)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from programkontor.accounts.client_address import forwarded_for
from tests import factories as f

PASSWORD = "et-langt-testkodeord-42"
LOGIN_URL = reverse("accounts:login")
PROXY = "10.0.0.2"
ATTACKER = "203.0.113.66"
ANNA = "198.51.100.7"


@pytest.fixture
def anna(db: Any) -> Any:
    return f.UserFactory(username="anna", password=PASSWORD)


def attempt(password: str, *, remote: str, forwarded: str | None = None) -> int:
    """One login as anna from a fresh browser; the status code of the answer."""
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    response = Client().post(LOGIN_URL, {"username": "anna", "password": password}, **headers)
    return int(response.status_code)


def lock_out_from(remote: str, forwarded: str | None = None, *, spoof: bool = False) -> None:
    for number in range(5):
        header = forwarded
        if spoof:  # a different made-up address in front of every attempt
            header = f"192.0.2.{number + 1}" + (f", {forwarded}" if forwarded else "")
        attempt("forkert", remote=remote, forwarded=header)


def test_two_clients_behind_one_proxy_are_locked_out_separately(settings: Any, anna: Any) -> None:
    settings.PROGRAMKONTOR_TRUSTED_PROXIES = 1
    lock_out_from(PROXY, ATTACKER)

    assert attempt(PASSWORD, remote=PROXY, forwarded=ATTACKER) == 429
    assert attempt(PASSWORD, remote=PROXY, forwarded=ANNA) == 302


def test_behind_a_proxy_the_addresses_a_client_writes_in_front_are_not_believed(
    settings: Any, anna: Any
) -> None:
    settings.PROGRAMKONTOR_TRUSTED_PROXIES = 1
    lock_out_from(PROXY, ATTACKER, spoof=True)

    assert attempt(PASSWORD, remote=PROXY, forwarded=f"{ANNA}, {ATTACKER}") == 429
    assert attempt(PASSWORD, remote=PROXY, forwarded=ANNA) == 302


def test_with_two_proxies_the_outer_ones_entry_names_the_client(settings: Any, anna: Any) -> None:
    settings.PROGRAMKONTOR_TRUSTED_PROXIES = 2
    lock_out_from(PROXY, f"{ATTACKER}, 10.0.0.1", spoof=True)

    assert attempt(PASSWORD, remote=PROXY, forwarded=f"{ATTACKER}, 10.0.0.1") == 429
    assert attempt(PASSWORD, remote=PROXY, forwarded=f"{ANNA}, 10.0.0.1") == 302


def test_without_a_configured_proxy_a_forwarded_header_is_ignored(settings: Any, anna: Any) -> None:
    settings.PROGRAMKONTOR_TRUSTED_PROXIES = 0
    lock_out_from(ATTACKER, spoof=True)

    assert attempt(PASSWORD, remote=ATTACKER, forwarded=ANNA) == 429
    assert attempt(PASSWORD, remote=ANNA) == 302


def test_a_request_that_did_not_pass_the_proxy_counts_by_its_connecting_address(
    settings: Any, anna: Any
) -> None:
    settings.PROGRAMKONTOR_TRUSTED_PROXIES = 1
    lock_out_from(ATTACKER)

    assert attempt(PASSWORD, remote=ATTACKER) == 429
    assert attempt(PASSWORD, remote=ANNA) == 302


@pytest.mark.parametrize(
    ("header", "proxies", "client"),
    [
        ("198.51.100.7", 1, "198.51.100.7"),
        ("1.2.3.4, 198.51.100.7", 1, "198.51.100.7"),
        ("1.2.3.4,198.51.100.7 , 10.0.0.1", 2, "198.51.100.7"),
        ("2001:db8::1", 1, "2001:db8::1"),
        ("", 1, None),
        ("198.51.100.7", 2, None),
        ("1.2.3.4, not-an-address", 1, None),
        ("198.51.100.7", 0, None),
    ],
)
def test_the_client_is_the_entry_the_outermost_trusted_proxy_appended(
    header: str, proxies: int, client: str | None
) -> None:
    assert forwarded_for(header, proxies) == client


def test_the_default_follows_the_proxy_ssl_header(tmp_path: Any) -> None:
    from tests.core.test_settings import run_cli

    code = "from django.conf import settings; print(settings.PROGRAMKONTOR_TRUSTED_PROXIES)"
    behind = run_cli(
        "shell", "-c", code, env={"DEBUG": "1", "SECURE_PROXY_SSL_HEADER": "1"}, tmp_path=tmp_path
    )
    direct = run_cli("shell", "-c", code, env={"DEBUG": "1"}, tmp_path=tmp_path)
    two = run_cli(
        "shell",
        "-c",
        code,
        env={"DEBUG": "1", "SECURE_PROXY_SSL_HEADER": "1", "TRUSTED_PROXIES": "2"},
        tmp_path=tmp_path,
    )
    last = [result.stdout.strip().splitlines()[-1] for result in (behind, direct, two)]
    assert last == ["1", "0", "2"]
