"""The export of one person's data, the two commands, the inactive contacts and the pages."""

from __future__ import annotations

import datetime
import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programkontor.core.personal_data import personal_data_places
from programkontor.portfolio.models import Person
from programkontor.privacy.models import Erasure, PersonalDataBasis
from tests import factories as f
from tests.privacy.conftest import Former


def _export(person: Any) -> dict[str, Any]:
    out = io.StringIO()
    call_command("gdpr_export", str(person.pk), stdout=out)
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def test_the_export_holds_the_persons_data_from_every_registered_place(world: Any, former: Former) -> None:
    document = _export(former.person)

    places = document["places"]
    assert set(places) == {
        "accounts.apitoken",
        "accounts.user",
        "axes.accessattempt",
        "governance.agendaitem",
        "governance.attendance",
        "governance.decision",
        "governance.meeting",
        "mail.outboxmessage",
        "portfolio.person",
        "privacy.personaldatabasis",
        "evaluation.evaluation",
    }
    assert places["portfolio.person"]["rows"][0]["phone"] == "87 65 43 21"
    assert "12 34 56 78" in {row["phone"] for row in places["portfolio.person"]["history"]}
    assert places["accounts.user"]["rows"][0]["username"] == "jens"
    assert {row["name"] for row in places["governance.attendance"]["rows"]} == {"", "Jens Hansen"}
    assert places["governance.decision"]["rows"][0]["title"] == "Ny hosting"
    assert places["mail.outboxmessage"]["rows"][0]["to"] == "jens@kommune.dk"
    assert document["lawful_basis"] == "public_task" and document["source"] == "Jenss kommune"
    text = json.dumps(document)
    assert "Ole" not in text and "ole@" not in text


def test_every_place_is_in_the_export_of_someone_with_data_everywhere(world: Any, former: Former) -> None:
    registered = {place.key for place in personal_data_places()}
    found = set(_export(former.person)["places"])
    # Places Jens has no rows in: login records of other kinds, calendar tokens, identities, digest.
    assert registered - found == {
        "accounts.calendartoken",
        "accounts.externalidentity",
        "axes.accessfailurelog",
        "axes.accesslog",
        "mail.digestchoice",
        "evaluation.selfevaluation",
    }


def test_erase_asks_first(world: Any, former: Former, monkeypatch: Any) -> None:
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "nej")
    with pytest.raises(CommandError, match="Nothing erased"):
        call_command("gdpr_erase", str(former.person.pk))
    assert "Jens Hansen" in asked[0]
    assert Person.objects.get(pk=former.person.pk).first_name == "Jens"

    monkeypatch.setattr("builtins.input", lambda prompt: "ja")
    out = io.StringIO()
    call_command("gdpr_erase", str(former.person.pk), stdout=out)
    assert f"Person #{former.person.pk} erased" in out.getvalue()
    assert Person.objects.get(pk=former.person.pk).first_name == "Anonymiseret"
    assert Erasure.objects.get().erased_by is None


def test_erase_with_yes_asks_nothing_and_says_why_it_refuses(
    world: Any, former: Former, monkeypatch: Any
) -> None:
    monkeypatch.setattr("builtins.input", lambda prompt: pytest.fail("asked"))
    f.RoleAssignmentFactory(person=former.person, role="product_owner", product=world.product)
    with pytest.raises(CommandError, match="OS2alpha"):
        call_command("gdpr_erase", str(former.person.pk), "--yes")
    with pytest.raises(CommandError, match="No person"):
        call_command("gdpr_erase", "999999", "--yes")


def _age(person: Any, days: int) -> None:
    when = timezone.now() - datetime.timedelta(days=days)
    Person.objects.filter(pk=person.pk).update(created_at=when)
    Person.history.filter(id=person.pk).update(history_date=when)


def test_inactive_contacts_are_listed_for_review(
    world: Any, former: Former, client: Any, settings: Any
) -> None:
    settings.PRIVACY_INACTIVE_MONTHS = 24
    quiet = f.PersonFactory(first_name="Stille", last_name="Kontakt")
    f.PersonFactory(first_name="Nylig", last_name="Kontakt")
    for person in (quiet, former.person, former.other):
        _age(person, 1000)
    type(former.other.user).objects.filter(pk=former.other.user.pk).update(last_login=timezone.now())
    client.force_login(world["alice"])

    page = client.get(reverse("privacy:inactive")).content.decode()

    assert "Stille Kontakt" in page  # nothing for 1000 days
    assert "Jens Hansen" in page  # his membership ended and his meeting was 900 days ago
    assert "Ole Olsen" not in page  # logged in today
    assert "Nylig Kontakt" not in page  # created today
    assert world["alice"].person.get_absolute_url() not in page
    assert "24 måneder" in page


def test_the_inactive_list_has_a_fixed_number_of_queries(world: Any, client: Any) -> None:
    client.force_login(world["alice"])
    counts = []
    for n in (2, 20):
        for i in range(n):
            _age(f.PersonFactory(first_name=f"P{n}-{i}", organisation=world.municipality), 1000)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("privacy:inactive")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_person_page_shows_the_panel_to_the_secretariat_only(
    world: Any, former: Former, client: Any
) -> None:
    url = former.person.get_absolute_url()
    client.force_login(world["alice"])
    page = client.get(url).content.decode()
    assert "Offentlig myndighedsopgave" in page and "Jenss kommune" in page
    assert "Eksportér persondata (JSON)" in page
    client.force_login(world["bob"])
    assert "Eksportér persondata" not in client.get(url).content.decode()


def test_the_secretariat_records_the_basis(world: Any, client: Any) -> None:
    person = f.PersonFactory(first_name="Ny", last_name="Person")
    client.force_login(world["alice"])
    url = reverse("privacy:basis", kwargs={"pk": person.pk})
    response = client.post(url, {"lawful_basis": "consent", "source": "Tilmeldt selv"})
    assert response.status_code == 302
    basis = PersonalDataBasis.objects.get(person=person)
    assert (basis.lawful_basis, basis.source) == ("consent", "Tilmeldt selv")
    response = client.post(url, {"lawful_basis": "contract", "source": "Kontrakt", "version": basis.version})
    assert PersonalDataBasis.objects.get(person=person).lawful_basis == "contract"
    stale = client.post(url, {"lawful_basis": "consent", "source": "X", "version": basis.version})
    assert stale.status_code == 409
    assert PersonalDataBasis.history.filter(person_id=person.pk).first().history_user == world["alice"]  # type: ignore[union-attr]


def test_erasure_from_the_page_and_its_refusal(world: Any, former: Former, client: Any) -> None:
    client.force_login(world["alice"])
    url = reverse("privacy:erase", kwargs={"pk": former.person.pk})
    f.RoleAssignmentFactory(person=former.person, role="product_owner", product=world.product)
    page = client.get(url).content.decode()
    assert "kan ikke slettes endnu" in page and "OS2alpha" in page
    refused = client.post(url, {"confirm": "on"})
    assert refused.status_code == 409
    former.person.role_assignments.all().delete()
    assert client.post(url, {}).status_code == 400  # not confirmed
    done = client.post(url, {"confirm": "on"}, follow=True)
    assert f"Anonymiseret person #{former.person.pk}" in done.content.decode()


def test_the_export_page_downloads_json(world: Any, former: Former, client: Any) -> None:
    client.force_login(world["alice"])
    response = client.get(reverse("privacy:export", kwargs={"pk": former.person.pk}))
    assert response["Content-Disposition"] == f'attachment; filename="persondata-{former.person.pk}.json"'
    assert json.loads(response.content)["places"]["accounts.user"]["rows"][0]["username"] == "jens"


def test_the_processing_activities_page(world: Any, client: Any) -> None:
    client.force_login(world["alice"])
    page = client.get(reverse("privacy:activities")).content.decode()
    assert "Behandlingsaktiviteter" in page
    assert "Møder, referater og beslutninger" in page and "Modtagere" in page and "Opbevaring" in page
