"""``programkontor gdpr_export PERSON_ID``: everything stored about one person, as one JSON document."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from programkontor.portfolio.models import Person
from programkontor.privacy.collect import export_document


class Command(BaseCommand):
    help = "Write everything stored about a person (every registered place, history included) as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("person_id", type=int)
        parser.add_argument("--output", "-o", help="Write to this file instead of standard output.")

    def handle(self, *args: str, **options: object) -> None:
        person = Person.objects.filter(pk=int(str(options["person_id"]))).first()
        if person is None:
            raise CommandError(f"No person has the number {options['person_id']}.")
        text = json.dumps(
            export_document(person, now=timezone.now()), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
        )
        if options["output"]:
            with open(str(options["output"]), "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        else:
            self.stdout.write(text)
