"""Single sign-on's configuration from the environment, and the deploy checklist with SSO configured."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from programkontor.accounts.sso import environment
from programkontor.env import env_secret
from tests.accounts.sso.certificates import write_key_and_certificate
from tests.core.test_settings import run_cli


def test_a_secret_is_read_from_the_environment_or_from_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "secret").write_text("fra-en-fil\n")
    monkeypatch.setenv("PK_TEST_SECRET_FILE", str(tmp_path / "secret"))
    assert env_secret("PK_TEST_SECRET") == "fra-en-fil"

    monkeypatch.setenv("PK_TEST_SECRET", "direkte")
    with pytest.raises(ImproperlyConfigured, match="not both"):
        env_secret("PK_TEST_SECRET")

    monkeypatch.delenv("PK_TEST_SECRET_FILE")
    assert env_secret("PK_TEST_SECRET") == "direkte"
    monkeypatch.setenv("PK_TEST_OTHER_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="PK_TEST_OTHER_FILE cannot be read"):
        env_secret("PK_TEST_OTHER")


def test_oidc_providers_side_by_side_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "aarhus").write_text("hemmeligt-aarhus")
    for name, value in {
        "OIDC_PROVIDERS": "kk, aarhus",
        "OIDC_KK_ISSUER": "https://login.kk.dk/",
        "OIDC_KK_CLIENT_ID": "programkontor",
        "OIDC_KK_CLIENT_SECRET": "hemmeligt-kk",
        "OIDC_KK_NAME": "Københavns Kommune",
        "OIDC_KK_ORGANISATION": "101",
        "OIDC_AARHUS_ISSUER": "https://sts.aarhus.dk",
        "OIDC_AARHUS_CLIENT_ID": "pk",
        "OIDC_AARHUS_CLIENT_SECRET_FILE": str(tmp_path / "aarhus"),
        "OIDC_AARHUS_GROUPS_CLAIM": "roles",
    }.items():
        monkeypatch.setenv(name, value)

    providers = environment.oidc_providers()

    assert list(providers) == ["kk", "aarhus"]
    assert providers["kk"]["issuer"] == "https://login.kk.dk"
    assert providers["kk"]["metadata_url"] == "https://login.kk.dk/.well-known/openid-configuration"
    assert providers["aarhus"]["client_secret"] == "hemmeligt-aarhus"
    assert providers["aarhus"]["groups_claim"] == "roles"
    assert providers["aarhus"]["name"] == "aarhus"


def read_providers() -> None:
    environment.oidc_providers()
    environment.saml_idps()


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"OIDC_PROVIDERS": "KK!"}, "not a valid key"),
        ({"OIDC_PROVIDERS": "kk"}, "OIDC_KK_ISSUER must be set"),
        (
            {"OIDC_PROVIDERS": "kk", "OIDC_KK_ISSUER": "https://x", "OIDC_KK_CLIENT_ID": "c"},
            "OIDC_KK_CLIENT_SECRET",
        ),
        ({"SAML_IDPS": "os2faktor", "SAML_OS2FAKTOR_ENTITY_ID": "https://idp"}, "METADATA_URL and"),
    ],
)
def test_an_incomplete_provider_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], message: str
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        read_providers()


def sso_environment(tmp_path: Path) -> dict[str, str]:
    key, cert = write_key_and_certificate(tmp_path, "sp")
    (tmp_path / "idp.xml").write_text("<EntityDescriptor/>")
    (tmp_path / "client-secret").write_text(secrets.token_urlsafe(20))
    (tmp_path / "secret-key").write_text(secrets.token_urlsafe(50))
    return {
        "DEBUG": "0",
        "SECRET_KEY_FILE": str(tmp_path / "secret-key"),
        "ALLOWED_HOSTS": "programkontor.example.dk",
        "LOCAL_LOGIN": "secretariat",
        "OIDC_PROVIDERS": "kk",
        "OIDC_KK_ISSUER": "https://login.kk.dk",
        "OIDC_KK_CLIENT_ID": "programkontor",
        "OIDC_KK_CLIENT_SECRET_FILE": str(tmp_path / "client-secret"),
        "SAML_IDPS": "os2faktor",
        "SAML_OS2FAKTOR_ENTITY_ID": "https://os2faktor.example.dk/saml",
        "SAML_OS2FAKTOR_METADATA_FILE": str(tmp_path / "idp.xml"),
        "SAML_SP_KEY_FILE": str(key),
        "SAML_SP_CERT_FILE": str(cert),
        "SESSION_IDLE_MINUTES": "30",
        "SESSION_MAX_HOURS": "10",
    }


def test_the_deploy_checklist_is_clean_with_single_sign_on_configured(tmp_path: Path) -> None:
    result = run_cli(
        "check", "--deploy", "--fail-level", "WARNING", env=sso_environment(tmp_path), tmp_path=tmp_path
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deploy_checklist_warns_of_a_provider_without_https(tmp_path: Path) -> None:
    env = {**sso_environment(tmp_path), "OIDC_KK_ISSUER": "http://login.kk.dk"}

    result = run_cli("check", "--deploy", "--fail-level", "WARNING", env=env, tmp_path=tmp_path)

    assert result.returncode != 0
    assert "programkontor.W101" in result.stdout + result.stderr


def test_the_checklist_refuses_saml_without_its_key(tmp_path: Path) -> None:
    env = {**sso_environment(tmp_path), "SAML_SP_KEY_FILE": str(tmp_path / "missing.key")}

    result = run_cli("check", env=env, tmp_path=tmp_path)

    assert result.returncode != 0
    assert "programkontor.E102" in result.stdout + result.stderr
