"""Rows for e-mail: the outbox (the secretariat's), each user's own choice of digest, and the link in
a digest that turns it off (anyone holding the signed link; a forged one is not found)."""

from __future__ import annotations

from typing import Any

from programkontor.mail.digest import off_token
from tests.security.matrix import LOGGED_IN, SECRETARIAT_ONLY, Row, everyone


def _failed_message(w: Any) -> dict[str, Any]:
    from programkontor.mail.models import MessageStatus, OutboxMessage

    message = OutboxMessage.objects.create(
        key="matrix", kind="test", to="x@example.org", subject="x", body_text="x", status=MessageStatus.FAILED
    )
    return {"pk": message.pk}


def _bobs_link(w: Any) -> dict[str, Any]:
    return {"token": off_token(w["bob"].pk)}


SEND_AGAIN = SECRETARIAT_ONLY.replace("S:ok", "S:redirect")

WEB: dict[str, Row] = {
    "mail:outbox": Row(outcomes=SECRETARIAT_ONLY),
    "mail:send_again": Row(_failed_message, SEND_AGAIN, method="post"),
    "mail:digest": Row(outcomes=LOGGED_IN),
    "mail:digest_off": Row(_bobs_link, everyone("ok")),
}

API: dict[tuple[str, str], Row] = {}
