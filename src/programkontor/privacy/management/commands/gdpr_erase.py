"""``programkontor gdpr_erase PERSON_ID [--yes]``: anonymise a person everywhere, history included."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from programkontor.portfolio.models import Person
from programkontor.privacy.services import ErasureRefused, erase_person


class Command(BaseCommand):
    help = (
        "Erase a person's personal data on request: names, addresses and notes are anonymised "
        "everywhere, history included; the records they took part in stay. Asks first unless --yes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("person_id", type=int)
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args: str, **options: object) -> None:
        person = Person.objects.filter(pk=int(str(options["person_id"]))).first()
        if person is None:
            raise CommandError(f"No person has the number {options['person_id']}.")
        if not options["yes"]:
            answer = input(
                f"Erase the personal data of {person.full_name} (#{person.pk})? This cannot be undone. [y/N] "
            )
            if answer.strip().lower() not in ("y", "yes", "j", "ja"):
                raise CommandError("Nothing erased.")
        try:
            erasure = erase_person(actor=None, person_id=person.pk)
        except ErasureRefused as refused:
            raise CommandError(" ".join(refused.messages)) from refused
        total = sum(erasure.counts.values())
        self.stdout.write(f"Person #{person.pk} erased: {total} rows changed or deleted.")
        for key, count in sorted(erasure.counts.items()):
            self.stdout.write(f"  {key}: {count}")
