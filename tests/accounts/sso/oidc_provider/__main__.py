"""Runs the test provider: ``python -m tests.accounts.sso.oidc_provider <directory>``.

Binds a free loopback port, writes a signing key, migrates its SQLite database, prints
``READY <port>`` and serves (threaded) until standard input closes (the test process ended)."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    directory = Path(sys.argv[1])
    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)
    port = server.server_port
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (directory / "oidc.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    os.environ.update(
        {
            "OIDC_TEST_DIR": str(directory),
            "OIDC_TEST_PORT": str(port),
            "DJANGO_SETTINGS_MODULE": "tests.accounts.sso.oidc_provider.settings",
        }
    )
    import django
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"READY {port}", flush=True)
    sys.stdin.read()  # until the tests end (or die): then stop
    server.shutdown()


if __name__ == "__main__":
    main()
