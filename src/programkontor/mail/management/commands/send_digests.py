"""Queue and send today's digests of *Til mig* (cron, every morning): daily ones every day, weekly
ones on Mondays; running it twice a day sends nothing twice."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from programkontor.mail.digest import send_digests
from programkontor.mail.services import deliver_due


class Command(BaseCommand):
    help = "Send the digests of Til mig that are due today."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to send for (YYYY-MM-DD), default today")

    def handle(self, *args: object, **options: object) -> None:
        today = timezone.localdate()
        day = options["date"]
        if isinstance(day, str) and day:
            try:
                today = datetime.date.fromisoformat(day)
            except ValueError as exc:
                raise CommandError(f"--date must be YYYY-MM-DD (got {day!r})") from exc
        outcome = send_digests(today=today)
        delivery = deliver_due()
        self.stdout.write(
            f"digests queued {outcome.queued}, nothing waiting {outcome.empty}, "
            f"already sent {outcome.already}; sent {delivery.sent}, failed {delivery.failed}"
        )
