"""Logging in through the real providers without a browser: the provider's side with ``requests``
(cookies and all), Programkontor's side with Django's test client."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from html import unescape
from typing import Any
from urllib.parse import urlsplit

import requests
from django.test import Client

from tests.accounts.sso.servers import RunningProvider


def local_path(url: str) -> str:
    """``/path?query`` of an address of Programkontor's (the test client's ``http://testserver``)."""
    parts = urlsplit(url)
    assert parts.netloc in ("", "testserver"), url
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def follow_at_provider(browser: requests.Session, url: str, provider: RunningProvider) -> requests.Response:
    """Follow redirects while they stay at the provider; the answer that leaves it (or a page)."""
    answer = browser.get(url, allow_redirects=False, timeout=30)
    while answer.is_redirect:
        location = answer.headers["Location"]
        if location.startswith("/"):
            location = provider.base + location
        if not location.startswith(provider.base):
            break
        answer = browser.get(location, allow_redirects=False, timeout=30)
    return answer


def at_provider(
    browser: requests.Session, provider: RunningProvider, url: str, username: str, password: str
) -> requests.Response:
    """The provider's part of the code flow from its authorisation ``url``: log in (unless its session
    is still there) and return the redirect that leaves the provider for the client."""
    answer = follow_at_provider(browser, url, provider)
    if not answer.is_redirect:  # the provider's login page
        assert 'id="provider-username"' in answer.text, answer.text[:500]
        form = {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": browser.cookies["provider_csrftoken"],
            "next": unescape(re.search(r'name="next" value="([^"]*)"', answer.text).group(1)),  # type: ignore[union-attr]
        }
        posted = browser.post(answer.url, data=form, allow_redirects=False, timeout=30)
        assert posted.is_redirect, posted.text[:500]
        answer = follow_at_provider(browser, provider.base + posted.headers["Location"], provider)
    assert answer.is_redirect, answer.text[:500]
    return answer


def oidc_login(
    client: Client,
    provider: RunningProvider,
    username: str,
    password: str,
    *,
    browser: requests.Session | None = None,
    key: str = "kk",
    next_url: str = "/",
) -> Any:
    """The code flow: start at Programkontor, log in at the provider, bring the code back. Returns
    Programkontor's answer to the callback."""
    browser = browser or requests.Session()
    start = client.get(f"/konto/oidc/{key}/log-ind/", {"next": next_url})
    assert start.status_code == 302, start.content[:500]
    answer = at_provider(browser, provider, start["Location"], username, password)
    return client.get(local_path(answer.headers["Location"]))


@dataclass
class SamlPost:
    """The IdP's auto-submitting form: where it posts, and the response it carries."""

    action: str
    saml_response: str
    relay_state: str

    @property
    def xml(self) -> str:
        return base64.b64decode(self.saml_response).decode()

    def with_xml(self, xml: str) -> SamlPost:
        return SamlPost(self.action, base64.b64encode(xml.encode()).decode(), self.relay_state)


def _hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    return unescape(match.group(1)) if match else ""


def saml_response_for(
    client: Client,
    idp: RunningProvider,
    username: str,
    password: str,
    *,
    browser: requests.Session | None = None,
    key: str = "idp",
    next_url: str = "/",
) -> SamlPost:
    """Start at Programkontor, log in at the IdP; the IdP's signed response, not yet posted."""
    browser = browser or requests.Session()
    start = client.get(f"/konto/saml/{key}/log-ind/", {"next": next_url})
    assert start.status_code == 302, start.content[:500]
    page = browser.get(start["Location"], timeout=30)
    assert page.status_code == 200, page.text[:500]
    if 'id="idp-username"' in page.text:
        page = browser.post(
            f"{idp.base}/login",
            data={"form": _hidden(page.text, "form"), "username": username, "password": password},
            timeout=30,
        )
        assert page.status_code == 200, page.text[:500]
    action = re.search(r'action="([^"]+)"', page.text)
    assert action, page.text[:500]
    return SamlPost(
        unescape(action.group(1)), _hidden(page.text, "SAMLResponse"), _hidden(page.text, "RelayState")
    )


def post_saml(client: Client, post: SamlPost) -> Any:
    return client.post(
        local_path(post.action), {"SAMLResponse": post.saml_response, "RelayState": post.relay_state}
    )


def saml_login(client: Client, idp: RunningProvider, username: str, password: str, **kwargs: Any) -> Any:
    return post_saml(client, saml_response_for(client, idp, username, password, **kwargs))


def continue_logout_url(answer: Any) -> str:
    """The provider's logout address on the page Programkontor's logout answers with (200; a form may
    not lead to another site under the CSP, so the page goes on, by script or by its link)."""
    assert answer.status_code == 200, answer.status_code
    match = re.search(r'id="pk-continue-logout" href="([^"]+)"', answer.content.decode())
    assert match, answer.content.decode()[:1000]
    return unescape(match.group(1))
