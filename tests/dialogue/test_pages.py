"""The dialogue log as its users meet it: logging a call with a supplier and a follow-up, the follow-up
on its owner's *Til mig* until it is marked done, the list's filters, and the dialogue history on an
organisation's and a person's page — only for those who may read the entry.

    alice the secretariat, bob the program manager of Velfærd (OS2alpha), carol OS2alpha's product
    coordinator, dave a member of OS2alpha's steering group, erin the supplier's contact, frank on the
    board, grace the manager of another program, mallory signed in with no role.
"""

from __future__ import annotations

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from programkontor.core.registry import DueItem, waiting_for
from programkontor.dialogue.models import Entry, FollowUp
from tests import factories as f
from tests.conftest import World
from tests.dialogue.factories import EntryFactory, FollowUpFactory, entry_world, follow_up_world

TODAY = timezone.localdate


def client_for(world: World, name: str) -> Client:
    client = Client()
    client.force_login(world[name])
    return client


def follow_ups_for(world: World, name: str) -> list[DueItem]:
    user = type(world[name]).objects.get(pk=world[name].pk)  # afresh: waiting_for keeps its result
    return [
        item
        for group in waiting_for(user, TODAY())
        if group.key == "dialogue.follow_ups"
        for item in group.items
    ]


def test_carol_logs_a_call_with_the_supplier_and_a_follow_up_for_bob(world: World) -> None:
    client = client_for(world, "carol")
    form = client.get(reverse("dialogue:entry_add") + f"?organisation={world.supplier.pk}").content.decode()
    assert "Registrér en samtale" not in form  # the form's title names the thing, not the list's button
    assert "Opret dialogpost" in form and "Opfølgningens frist" in form
    due = TODAY() + datetime.timedelta(days=3)
    response = client.post(
        reverse("dialogue:entry_add"),
        {
            "kind": "call",
            "party": "supplier",
            "date": TODAY().isoformat(),
            "title": "Opkald om driftsfejl",
            "summary": "Leverandøren retter fejlen i **næste** release.",
            "organisations": [world.supplier.pk],
            "people": [world["erin"].person.pk],
            "product": world.product.pk,
            "follow_up_text": "Følg op på rettelsen",
            "follow_up_owner": world["bob"].person.pk,
            "follow_up_due": due.isoformat(),
        },
    )
    entry = Entry.objects.get(title="Opkald om driftsfejl")
    assert response.status_code == 302 and response["Location"] == entry.get_absolute_url()
    assert entry.author == world["carol"] and list(entry.organisations.all()) == [world.supplier]
    assert entry.history.get().history_user == world["carol"]
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "<strong>næste</strong>" in page and "Telefonopkald" in page and "Leverandør ApS" in page
    assert "Følg op på rettelsen" in page and "Bob Testsen" in page

    [item] = follow_ups_for(world, "bob")
    assert item.title == "Følg op på rettelsen" and item.date == due and not item.overdue
    assert item.context == "OS2alpha" and item.action == "Markér udført"
    assert item.url.startswith(entry.get_absolute_url())
    bob = client_for(world, "bob")
    for_me = bob.get(reverse("core:for_me")).content.decode()
    assert "Opfølgninger fra dialogloggen" in for_me and "Følg op på rettelsen" in for_me
    assert follow_ups_for(world, "carol") == []  # the author is not the owner


def test_a_half_filled_follow_up_is_refused_and_nothing_is_saved(world: World) -> None:
    response = client_for(world, "carol").post(
        reverse("dialogue:entry_add"),
        {
            "kind": "call",
            "party": "member",
            "date": TODAY().isoformat(),
            "title": "Halv",
            "follow_up_text": "Gør noget",
        },
    )
    assert response.status_code == 400
    assert "En opfølgning skal have hvad, hvem og hvornår." in response.content.decode()
    assert not Entry.objects.filter(title="Halv").exists()


def test_the_owner_marks_the_follow_up_done_and_it_leaves_til_mig_until_reopened(world: World) -> None:
    follow_up = follow_up_world(world)
    [item] = follow_ups_for(world, "dave")
    assert item.title == "Send referatet til styregruppen"
    dave = client_for(world, "dave")
    page = dave.get(follow_up.entry.get_absolute_url()).content.decode()
    assert "Markér udført" in page and reverse("dialogue:entry_edit", args=[follow_up.entry.pk]) not in page
    done = reverse("dialogue:follow_up_done", args=[follow_up.pk])
    response = dave.post(done, {"version": follow_up.version, "done": "1"})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_on == TODAY() and follow_ups_for(world, "dave") == []
    page = dave.get(follow_up.entry.get_absolute_url()).content.decode()
    assert f"Udført {TODAY():%d.%m.%Y}" in page and "Alligevel ikke udført" in page
    # A second click from a page shown before the first one changes nothing: its version is stale.
    dave.post(done, {"version": 1, "done": "0"})
    follow_up.refresh_from_db()
    assert follow_up.done_on == TODAY()
    dave.post(done, {"version": follow_up.version, "done": "0"})
    assert len(follow_ups_for(world, "dave")) == 1


def test_an_overdue_follow_up_is_flagged(world: World) -> None:
    FollowUpFactory(
        entry=entry_world(world), owner=world["carol"].person, due_date=TODAY() - datetime.timedelta(days=2)
    )
    [item] = follow_ups_for(world, "carol")
    assert item.overdue


def test_the_list_filters_by_organisation_kind_product_and_period(world: World) -> None:
    entry_world(world)
    municipal = EntryFactory(kind="meeting", party="member", title="Møde i Testrup", product=world.product)
    municipal.organisations.add(world.municipality)
    EntryFactory(kind="email", title="Gammel mail", date=TODAY() - datetime.timedelta(days=400))
    client = client_for(world, "alice")
    url = reverse("dialogue:entry_list")

    def titles(query: str) -> list[str]:
        html = client.get(f"{url}?{query}", HTTP_HX_REQUEST="true").content.decode()
        return [
            title for title in ("Opkald med Leverandør ApS", "Møde i Testrup", "Gammel mail") if title in html
        ]

    assert titles("") == ["Opkald med Leverandør ApS", "Møde i Testrup", "Gammel mail"]
    assert titles(f"organisation={world.supplier.pk}") == ["Opkald med Leverandør ApS"]
    assert titles("kind=meeting") == ["Møde i Testrup"]
    assert titles("product=os2alpha") == ["Opkald med Leverandør ApS", "Møde i Testrup"]
    since = (TODAY() - datetime.timedelta(days=30)).isoformat()
    assert titles(f"date_from={since}") == ["Opkald med Leverandør ApS", "Møde i Testrup"]
    assert titles(f"date_to={since}") == ["Gammel mail"]
    assert "3 samtaler" in client.get(url).content.decode()


def test_only_the_products_internal_readers_see_the_entry_in_the_list(world: World) -> None:
    entry_world(world)
    url = reverse("dialogue:entry_list")
    for name in ("alice", "bob", "carol", "dave", "frank"):
        assert "Opkald med Leverandør ApS" in client_for(world, name).get(url).content.decode(), name
    for name in ("erin", "grace", "mallory"):
        assert "Opkald med Leverandør ApS" not in client_for(world, name).get(url).content.decode(), name


def test_the_supplier_and_person_pages_show_their_dialogue_history(world: World) -> None:
    entry = entry_world(world)
    entry.people.add(world["erin"].person)
    bob = client_for(world, "bob")
    supplier_page = bob.get(world.supplier.get_absolute_url()).content.decode()
    assert 'id="dialogue-panel"' in supplier_page and "Opkald med Leverandør ApS" in supplier_page
    assert f"?organisation={world.supplier.pk}" in supplier_page  # log another one from here
    person_page = bob.get(world["erin"].person.get_absolute_url()).content.decode()
    assert "Opkald med Leverandør ApS" in person_page
    # Erin, the supplier's contact, does not read OS2 's notes about her own company.
    erin_page = client_for(world, "erin").get(world.supplier.get_absolute_url()).content.decode()
    assert "Opkald med Leverandør ApS" not in erin_page and 'id="dialogue-panel"' not in erin_page


def test_a_follow_up_owner_outside_the_product_reads_the_entry_it_came_from(world: World) -> None:
    entry = entry_world(world)
    grace = client_for(world, "grace")
    assert grace.get(entry.get_absolute_url()).status_code == 404
    FollowUpFactory(entry=entry, owner=world["grace"].person, text="Del erfaringerne med Infrastruktur")
    page = grace.get(entry.get_absolute_url()).content.decode()
    assert "Del erfaringerne med Infrastruktur" in page
    assert reverse("dialogue:entry_edit", args=[entry.pk]) not in page  # reading it, not changing it


def test_an_entry_names_a_product_or_a_program_not_both(world: World) -> None:
    response = client_for(world, "alice").post(
        reverse("dialogue:entry_add"),
        {
            "kind": "workshop",
            "party": "partner",
            "date": TODAY().isoformat(),
            "title": "Begge dele",
            "product": world.product.pk,
            "program": world.program.pk,
        },
    )
    assert response.status_code == 400 and "ikke begge" in response.content.decode()


def test_a_follow_up_is_added_edited_and_removed_on_the_entry(world: World) -> None:
    entry = entry_world(world)
    bob = client_for(world, "bob")
    due = (TODAY() + datetime.timedelta(days=9)).isoformat()
    response = bob.post(
        reverse("dialogue:follow_up_add", args=[entry.pk]),
        {"text": "Indhent tilbud", "owner": world["carol"].person.pk, "due_date": due},
    )
    follow_up = FollowUp.objects.get(text="Indhent tilbud")
    assert response["Location"] == follow_up.get_absolute_url()
    assert [item.title for item in follow_ups_for(world, "carol")] == ["Indhent tilbud"]
    # Only people with a user account can own one: the list would otherwise never show it.
    nobody = f.PersonFactory(first_name="Uden", last_name="Konto")
    form = bob.get(reverse("dialogue:follow_up_add", args=[entry.pk])).content.decode()
    assert "Carol Testsen" in form and "Uden Konto" not in form
    bob.post(reverse("dialogue:follow_up_delete", args=[follow_up.pk]), {"version": follow_up.version})
    assert not FollowUp.objects.filter(pk=follow_up.pk).exists() and nobody.pk
