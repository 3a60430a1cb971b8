"""Where the outbox keeps personal data: the mails to a person (address, and names in the text)."""

from __future__ import annotations

from django.db.models import Q

from programkontor.core import personal_data as pd


def _to_person(person: pd.PersonRef) -> Q:
    return Q(user__person__pk=person.id) | Q(to__in=[email for email in person.emails if email])


def register() -> None:
    from programkontor.mail.models import DigestChoice, OutboxMessage

    pd.register_personal_data(
        OutboxMessage,
        select=_to_person,
        mentions=("subject", "body_text"),
        fields=("kind", "to", "subject", "body_text", "status", "created_at", "sent_at"),
        erase={
            "to": pd.blank,
            "subject": pd.redact,
            "body_text": pd.redact,
            "body_html": pd.redact,
            "attachments": pd.redact_json,
        },
    )
    pd.register_personal_data(DigestChoice, select=pd.linked("user__person__pk"), fields=("frequency",))
