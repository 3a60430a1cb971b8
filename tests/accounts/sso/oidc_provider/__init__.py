"""A real OpenID Connect provider for the tests: django-oauth-toolkit in a Django process of its own.

Started by ``tests/accounts/sso/servers.py`` on a free loopback port; it prints ``READY <port>`` and
serves until its standard input closes. Users, their claims (groups among them) and the client are
set by the tests through ``POST /_control/`` with the token given in ``OIDC_TEST_CONTROL_TOKEN``.
"""
