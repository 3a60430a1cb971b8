"""Claims of the test provider's users: what the tests last set for them (groups and all)."""

from __future__ import annotations

import threading
from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator

CLAIMS: dict[str, dict[str, Any]] = {}
LOCK = threading.Lock()


class Validator(OAuth2Validator):
    # Groups are sent with the profile scope; the standard claims keep their scopes.
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "groups": "profile"}

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        with LOCK:
            return dict(CLAIMS.get(request.user.username, {}))
