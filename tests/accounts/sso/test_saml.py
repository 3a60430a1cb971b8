"""SAML 2.0 against a real IdP (pysaml2's, in its own process, signing with xmlsec1), without a browser."""

from __future__ import annotations

import re

import requests
from django.test import Client

from programkontor.accounts.models import ExternalIdentity, User
from programkontor.core.access import compute_access
from programkontor.portfolio.models import Person
from tests.accounts.sso.conftest import PASSWORD, Sso, saml_settings
from tests.accounts.sso.flows import continue_logout_url, local_path, post_saml, saml_login, saml_response_for


def logged_in_user(client: Client) -> User | None:
    pk = client.session.get("_auth_user_id")
    return User.objects.get(pk=pk) if pk else None


def test_the_sp_metadata_names_the_endpoints_and_wants_signed_assertions(sso: Sso, client: Client) -> None:
    answer = client.get("/konto/saml/metadata/")

    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/xml")
    xml = answer.content.decode()
    assert 'entityID="http://testserver/konto/saml/metadata/"' in xml
    assert 'WantAssertionsSigned="true"' in xml and 'AuthnRequestsSigned="true"' in xml
    assert 'Location="http://testserver/konto/saml/acs/"' in xml
    assert 'Location="http://testserver/konto/saml/ls/"' in xml
    assert "X509Certificate" in xml


def test_the_first_login_creates_the_user_with_the_mapped_role(sso: Sso, client: Client) -> None:
    subject = sso.saml_user("johanne", ["pk-styregruppe"], givenName="Johanne", sn="Berg")

    answer = saml_login(client, sso.saml, "johanne", PASSWORD, next_url="/personer/")

    assert answer.status_code == 302 and answer["Location"] == "/personer/"
    user = logged_in_user(client)
    assert user is not None
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.protocol, identity.issuer, identity.subject) == (
        "saml",
        f"{sso.saml.base}/idp/metadata",
        subject,
    )
    person = Person.objects.get(user=user)
    assert (person.first_name, person.last_name, person.email) == ("Johanne", "Berg", "johanne@testby.dk")
    assert sso.portfolio.steering.pk in compute_access(user).bodies


def test_a_changed_group_changes_the_role_at_the_next_login(sso: Sso, client: Client) -> None:
    sso.saml_user("karl", ["pk-sekretariat"])
    saml_login(client, sso.saml, "karl", PASSWORD)
    user = logged_in_user(client)
    assert user is not None and compute_access(user).is_secretariat
    client.post("/konto/log-ud/")

    sso.saml_user("karl", ["pk-programleder"])
    saml_login(Client(), sso.saml, "karl", PASSWORD)

    user.refresh_from_db()
    access = compute_access(user)
    assert not access.is_secretariat
    assert access.programs_write == frozenset({sso.portfolio.program.pk})


def test_an_unsigned_assertion_is_refused(sso: Sso, client: Client) -> None:
    sso.saml_user("lise", ["pk-sekretariat"])
    sso.saml.control(op="sign", assertion=False, response=False)
    try:
        answer = saml_login(client, sso.saml, "lise", PASSWORD)
    finally:
        sso.saml.control(op="sign", assertion=True, response=True)

    assert answer.status_code == 403
    assert logged_in_user(client) is None
    assert not User.objects.filter(external_identities__subject="saml-subject-lise").exists()


def test_a_signed_response_with_an_unsigned_assertion_is_refused(sso: Sso, client: Client) -> None:
    sso.saml_user("lone", ["pk-sekretariat"])
    sso.saml.control(op="sign", assertion=False, response=True)
    try:
        answer = saml_login(client, sso.saml, "lone", PASSWORD)
    finally:
        sso.saml.control(op="sign", assertion=True, response=True)

    assert answer.status_code == 403
    assert logged_in_user(client) is None


def test_a_tampered_assertion_is_refused(sso: Sso, client: Client) -> None:
    sso.saml_user("mads", ["pk-ingenting"])
    post = saml_response_for(client, sso.saml, "mads", PASSWORD)
    assert "pk-ingenting" in post.xml

    answer = post_saml(client, post.with_xml(post.xml.replace("pk-ingenting", "pk-sekretariat")))

    assert answer.status_code == 403
    assert logged_in_user(client) is None
    # The untouched response would have been taken.
    assert post_saml(client, post).status_code == 302


def test_a_response_that_answers_no_request_of_ours_is_refused(sso: Sso, client: Client) -> None:
    sso.saml_user("nina", ["pk-sekretariat"])
    post = saml_response_for(Client(), sso.saml, "nina", PASSWORD)  # asked for by another session

    answer = post_saml(client, post)

    assert answer.status_code == 403
    assert logged_in_user(client) is None


def test_an_idp_that_is_not_configured_is_refused(sso: Sso, client: Client) -> None:
    sso.saml_user("ole", ["pk-sekretariat"])
    post = saml_response_for(client, sso.saml, "ole", PASSWORD)
    # The IdP is taken out of the configuration (its metadata stays known): its answer is refused.
    sso.settings.PROGRAMKONTOR_SAML_IDPS = {
        "andet": saml_settings(sso.saml, key="andet", entity_id="https://idp.andeby.dk")
    }

    answer = post_saml(client, post)

    assert answer.status_code == 403
    assert logged_in_user(client) is None
    assert client.get("/konto/saml/idp/log-ind/").status_code == 404


def test_a_transient_name_id_without_a_subject_attribute_is_refused(sso: Sso, client: Client) -> None:
    sso.saml_user("per", ["pk-sekretariat"])
    post = saml_response_for(client, sso.saml, "per", PASSWORD)
    transient = re.sub(r"nameid-format:persistent", "nameid-format:transient", post.xml)

    # Changing the format breaks the signature as well; either way no one is logged in.
    assert post_saml(client, post.with_xml(transient)).status_code == 403
    assert logged_in_user(client) is None


def test_single_logout_ends_the_session_here_and_at_the_idp(sso: Sso, client: Client) -> None:
    sso.saml_user("rikke", ["pk-programleder"])
    browser = requests.Session()
    saml_login(client, sso.saml, "rikke", PASSWORD, browser=browser)
    assert logged_in_user(client) is not None
    assert "rikke" in sso.saml.control(op="sessions")

    answer = client.post("/konto/log-ud/")

    url = continue_logout_url(answer)
    assert url.startswith(f"{sso.saml.base}/slo/redirect?SAMLRequest=")
    assert logged_in_user(client) is None  # here at once
    back = browser.get(url, allow_redirects=False, timeout=30)
    assert back.status_code == 302
    assert "rikke" not in sso.saml.control(op="sessions")
    done = client.get(local_path(back.headers["Location"]))
    assert done.status_code == 302
    assert logged_in_user(client) is None
    # The IdP asks for the password again.
    start = client.get("/konto/saml/idp/log-ind/")
    assert 'id="idp-username"' in browser.get(start["Location"], timeout=30).text
