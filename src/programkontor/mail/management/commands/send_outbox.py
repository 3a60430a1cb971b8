"""Send the outbox's pending messages whose time has come (cron, e.g. every minute)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from programkontor.mail.services import deliver_due


class Command(BaseCommand):
    help = "Send the e-mails waiting in the outbox (failed ones are retried with a growing pause)."

    def handle(self, *args: object, **options: object) -> None:
        outcome = deliver_due()
        self.stdout.write(f"sent {outcome.sent}, failed {outcome.failed} (given up on {outcome.given_up})")
