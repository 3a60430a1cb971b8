"""A real SAML 2.0 identity provider for the tests: pysaml2's ``Server`` in a process of its own.

``python -m tests.accounts.sso.saml_idp <directory>`` binds a free loopback port, prints
``READY <port>`` and serves until standard input closes. It signs its assertions and responses with
a key of its own (xmlsec1), verifies the service provider's signed requests against the SP metadata
the tests register, keeps a login session per browser (cookie) and ends it on single logout.
Users, the SP's metadata and whether to sign are set through ``POST /_control`` (token in
``SAML_TEST_CONTROL_TOKEN``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import sys
import threading
from http.cookies import SimpleCookie
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from tests.accounts.sso.certificates import write_key_and_certificate

Response = tuple[str, list[tuple[str, str]], bytes]


class IdentityProvider:
    def __init__(self, directory: Path, port: int) -> None:
        self.directory = directory
        self.base = f"http://{os.environ.get('IDP_TEST_HOST', 'localhost')}:{port}"
        self.entity_id = f"{self.base}/idp/metadata"
        self.key_file, self.cert_file = write_key_and_certificate(directory, "idp")
        self.token = os.environ["SAML_TEST_CONTROL_TOKEN"]
        self.lock = threading.Lock()
        self.users: dict[str, dict[str, Any]] = {}
        self.sessions: dict[str, str] = {}  # cookie value -> user name
        self.pending: dict[str, dict[str, str]] = {}  # login form id -> the request waiting for it
        self.sign = {"assertion": True, "response": True}
        self.sp_files: list[str] = []
        self.server = self._server()

    def _config(self) -> dict[str, Any]:
        return {
            "entityid": self.entity_id,
            "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
            "allow_unknown_attributes": True,
            "service": {
                "idp": {
                    "name": "Test IdP",
                    "endpoints": {
                        "single_sign_on_service": [(f"{self.base}/sso/redirect", BINDING_HTTP_REDIRECT)],
                        "single_logout_service": [(f"{self.base}/slo/redirect", BINDING_HTTP_REDIRECT)],
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "want_authn_requests_signed": True,
                    "policy": {"default": {"lifetime": {"minutes": 15}, "attribute_restrictions": None}},
                    "signing_algorithm": SIG_RSA_SHA256,
                    "digest_algorithm": DIGEST_SHA256,
                }
            },
            "metadata": {"local": list(self.sp_files)} if self.sp_files else {},
            "key_file": str(self.key_file),
            "cert_file": str(self.cert_file),
        }

    def _server(self) -> Server:
        config = IdPConfig()
        config.load(self._config())
        return Server(config=config)

    # --- the WSGI application -------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        try:
            status, headers, body = self.route(environ)
        except Exception as exc:  # the tests read the reason
            status, headers, body = "400 Bad Request", [("Content-Type", "text/plain")], repr(exc).encode()
        start_response(status, headers)
        return [body]

    def route(self, environ: dict[str, Any]) -> Response:
        path, method = environ["PATH_INFO"], environ["REQUEST_METHOD"]
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if path == "/idp/metadata":
            xml = create_metadata_string(None, self.server.config, sign=False)
            return "200 OK", [("Content-Type", "text/xml")], xml if isinstance(xml, bytes) else xml.encode()
        if path == "/sso/redirect":
            return self.sso(environ, query)
        if path == "/login" and method == "POST":
            return self.login(environ)
        if path == "/slo/redirect":
            return self.slo(query)
        if path == "/_control" and method == "POST":
            return self.control(environ)
        return "404 Not Found", [("Content-Type", "text/plain")], b"not found"

    def _form(self, environ: dict[str, Any]) -> dict[str, str]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length).decode()
        return {k: v[0] for k, v in parse_qs(raw).items()}

    def _user_of(self, environ: dict[str, Any]) -> str | None:
        cookie = SimpleCookie(environ.get("HTTP_COOKIE", ""))
        morsel = cookie.get("idp_session")
        with self.lock:
            return self.sessions.get(morsel.value) if morsel else None

    def sso(self, environ: dict[str, Any], query: dict[str, str]) -> Response:
        parsed = self.server.parse_authn_request(
            query["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        )
        request = {
            "id": parsed.message.id,
            "sp": parsed.message.issuer.text,
            "relay_state": query.get("RelayState", ""),
        }
        user = self._user_of(environ)
        if user is not None:
            return self.respond(request, user)
        form_id = secrets.token_urlsafe(16)
        with self.lock:
            self.pending[form_id] = request
        page = (
            "<!doctype html><html><head><title>Test SAML IdP</title></head><body>"
            "<h1>Test SAML IdP: log in</h1>"
            f'<form method="post" action="{self.base}/login">'
            f'<input type="hidden" name="form" value="{form_id}">'
            '<label>User name <input name="username" id="idp-username"></label>'
            '<label>Password <input name="password" type="password" id="idp-password"></label>'
            '<button type="submit" id="idp-login">Log in at the IdP</button></form></body></html>'
        )
        return "200 OK", [("Content-Type", "text/html; charset=utf-8")], page.encode()

    def login(self, environ: dict[str, Any]) -> Response:
        form = self._form(environ)
        with self.lock:
            request = self.pending.pop(form.get("form", ""), None)
            user = self.users.get(form.get("username", ""))
        if request is None or user is None or user["password"] != form.get("password"):
            return "403 Forbidden", [("Content-Type", "text/plain")], b"wrong user name or password"
        session = secrets.token_urlsafe(16)
        with self.lock:
            self.sessions[session] = form["username"]
        status, headers, body = self.respond(request, form["username"])
        headers.append(("Set-Cookie", f"idp_session={session}; Path=/; HttpOnly; SameSite=Lax"))
        return status, headers, body

    def respond(self, request: dict[str, str], username: str) -> Response:
        with self.lock:
            user = dict(self.users[username])
            sign = dict(self.sign)
        destination = self.server.config.metadata.assertion_consumer_service(
            request["sp"], BINDING_HTTP_POST
        )[0]["location"]
        response = self.server.create_authn_response(
            identity=user["attributes"],
            in_response_to=request["id"],
            destination=destination,
            sp_entity_id=request["sp"],
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=user["subject"]),
            authn={
                "class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password",
                "authn_auth": self.entity_id,
            },
            sign_assertion=sign["assertion"],
            sign_response=sign["response"],
            sign_alg=SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA256,
        )
        http_args = self.server.apply_binding(
            BINDING_HTTP_POST, str(response), destination, request["relay_state"], response=True
        )
        return "200 OK", [("Content-Type", "text/html; charset=utf-8")], http_args["data"].encode()

    def slo(self, query: dict[str, str]) -> Response:
        parsed = self.server.parse_logout_request(
            query["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        )
        subject = parsed.message.name_id.text
        with self.lock:
            names = {name for name, user in self.users.items() if user["subject"] == subject}
            for cookie in [c for c, name in self.sessions.items() if name in names]:
                del self.sessions[cookie]
        response = self.server.create_logout_response(parsed.message, [BINDING_HTTP_REDIRECT])
        binding, destination = self.server.pick_binding(
            "single_logout_service", [BINDING_HTTP_REDIRECT], "spsso", entity_id=parsed.message.issuer.text
        )
        http_args = self.server.apply_binding(
            binding, str(response), destination, query.get("RelayState", ""), response=True
        )
        location = dict(http_args["headers"])["Location"]
        return "302 Found", [("Location", location)], b""

    def control(self, environ: dict[str, Any]) -> Response:
        if not secrets.compare_digest(environ.get("HTTP_X_CONTROL_TOKEN", ""), self.token):
            return "403 Forbidden", [], b""
        data = json.loads(self._form_raw(environ))
        with self.lock:
            if data["op"] == "user":
                self.users[data["username"]] = data["user"]
            elif data["op"] == "sign":
                self.sign = {"assertion": bool(data["assertion"]), "response": bool(data["response"])}
            elif data["op"] == "sp":  # one file per SP entity ID, replaced when registered again
                entity_id = re.search(r'entityID="([^"]+)"', data["metadata"]).group(1)  # type: ignore[union-attr]
                path = self.directory / f"sp-{hashlib.sha256(entity_id.encode()).hexdigest()[:16]}.xml"
                path.write_text(data["metadata"])
                if str(path) not in self.sp_files:
                    self.sp_files.append(str(path))
                self.server = self._server()
            elif data["op"] == "sessions":
                active = sorted(set(self.sessions.values()))
                return "200 OK", [("Content-Type", "application/json")], json.dumps(active).encode()
        return "200 OK", [("Content-Type", "application/json")], b'{"ok": true}'

    def _form_raw(self, environ: dict[str, Any]) -> str:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        return environ["wsgi.input"].read(length).decode()


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    directory = Path(sys.argv[1])
    server = make_server(
        "127.0.0.1", 0, lambda e, s: [], server_class=ThreadingServer, handler_class=QuietHandler
    )
    server.set_app(IdentityProvider(directory, server.server_port))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"READY {server.server_port}", flush=True)
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
