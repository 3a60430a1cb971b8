"""A real SMTP server for the tests: aiosmtpd on a free loopback port, in a thread of the test
process. Django's SMTP backend sends to it; the tests read what arrived, parsed as e-mail."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar


@dataclass
class Inbox:
    """What the server received; ``refuse`` makes it answer every message with a temporary error."""

    messages: list[EmailMessage] = field(default_factory=list)
    refuse: bool = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return "451 4.3.0 Mailbox temporarily unavailable"
        message = email.message_from_bytes(envelope.content, policy=default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]

    @staticmethod
    def subject(message: EmailMessage) -> str:
        """The subject as a reader sees it (Python folds a long encoded one onto a second line)."""
        return " ".join(str(message["Subject"]).split())

    @staticmethod
    def text(message: EmailMessage) -> str:
        part = message.get_body(("plain",))
        assert part is not None
        return str(part.get_content())

    @staticmethod
    def html(message: EmailMessage) -> str:
        part = message.get_body(("html",))
        assert part is not None
        return str(part.get_content())

    @staticmethod
    def calendar(message: EmailMessage) -> Calendar:
        """The message's .ics attachment, parsed."""
        for part in message.iter_attachments():
            if part.get_content_type() == "text/calendar":
                return Calendar.from_ical(part.get_content())
        raise AssertionError(f"No calendar in {message['Subject']!r}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "programkontor@os2.example"
    settings.PROGRAMKONTOR_SITE_URL = "https://pk.example.dk"
    try:
        yield inbox
    finally:
        controller.stop()
