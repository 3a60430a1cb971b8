"""History a person can read (issue 16, item 5): labels, kroner, local time and files by their size,
never codes, øre, UTC or raw stored structures."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.urls import reverse
from django.utils import timezone

from programkontor.core import services
from programkontor.core.history import history_for
from programkontor.economy.models import Actual
from tests.economy.factories import economy_of


def changes_of(entry: Any) -> dict[str, tuple[str, str]]:
    return {change.label: (change.old, change.new) for change in entry.changes}


def test_an_amount_is_shown_in_kroner_and_a_time_in_danish_time(world: Any) -> None:
    actual = economy_of(world).actual
    changed = services.update(
        actual, actor=world["alice"], expected_version=actual.version, changes={"amount": 2_500_00}
    )
    latest, created = history_for(Actual.objects.get(pk=changed.pk))[:2]
    assert changes_of(latest)["Beløb"] == ("1.234,56 kr.", "2.500,00 kr.")
    assert changes_of(created)["Beløb"] == ("—", "1.234,56 kr.")

    summer_noon_utc = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=datetime.UTC)
    import_ = economy_of(world).staged
    services.update(
        import_,
        actor=world["alice"],
        expected_version=import_.version,
        changes={"imported_at": summer_noon_utc},
    )
    assert changes_of(history_for(import_)[0])["Indlæst"] == ("—", "01.06.2026 12:00")  # CEST


def test_an_import_shows_its_file_by_name_size_and_checksum_not_its_bytes(world: Any, client: Any) -> None:
    staged = economy_of(world).staged
    client.force_login(world["alice"])
    page = client.get(reverse("economy:actual_import_detail", args=[staged.pk])).content.decode()
    history = page[page.index('id="history"') :] if 'id="history"' in page else page
    created = changes_of(history_for(staged)[-1])
    assert created["Filnavn"] == ("—", "marts.csv")
    assert re.fullmatch(r"en fil på \d+\sbytes", created["Fil"][1])
    assert created["SHA-256"][1] == staged.sha256
    preview = created["Forhåndsvisning"][1]
    assert "{" not in preview and "'" not in preview
    assert "b'dato" not in history and "{&#x27;" not in history
    assert timezone.localtime(staged.created_at).strftime("%d.%m.%Y %H:%M") in str(staged)
