"""The two-step approval of an invoice received mails whoever takes the next step (real SMTP)."""

from __future__ import annotations

from typing import Any

from programkontor.economy.services import invoices as invoice_services
from programkontor.mail.services import deliver_due
from tests.economy.factories import economy_of
from tests.mail.smtp import Inbox


def test_a_registered_invoice_is_mailed_to_the_secretariat_and_a_checked_one_to_its_approvers(
    world: Any, smtp: Inbox
) -> None:
    economy = economy_of(world)  # F-1 registered; F-2 registered and checked by alice
    deliver_due()
    subjects = sorted((str(m["To"]), Inbox.subject(m)) for m in smtp.messages)
    assert subjects == [
        ("alice@example.org", "Faktura til kontrol: Leverandør ApS F-1"),
        ("alice@example.org", "Faktura til kontrol: Leverandør ApS F-2"),
        # Checked by alice: approved by the product's writers, the program manager and the coordinator.
        ("bob@example.org", "Faktura til godkendelse: Leverandør ApS F-2"),
        ("carol@example.org", "Faktura til godkendelse: Leverandør ApS F-2"),
    ]
    [to_carol] = smtp.to("carol@example.org")
    text = Inbox.text(to_carol)
    assert "En faktura er kontrolleret og venter på din godkendelse." in text
    assert "I alt: 5.000,00 kr." in text
    assert f"https://pk.example.dk/oekonomi/fakturaer/{economy.checked.pk}/" in text
    # Nobody else hears of it: not the steering group, the supplier, the board or another program.
    assert {str(m["To"]) for m in smtp.messages} == {
        "alice@example.org",
        "bob@example.org",
        "carol@example.org",
    }


def test_an_approved_invoice_mails_nobody(world: Any, smtp: Inbox) -> None:
    economy = economy_of(world)
    deliver_due()
    before = len(smtp.messages)
    invoice_services.approve(
        actor=world["carol"], invoice=economy.checked, expected_version=economy.checked.version
    )
    deliver_due()
    assert len(smtp.messages) == before
