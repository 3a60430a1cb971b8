"""Comments on decisions, agenda items, work items and risks, and @mentions: who reads and writes a
thread, what a mention leaves on *Til mig* and in the mail (a real SMTP server), and that nobody is
told about what they may not see."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from programkontor.core.registry import due_for
from programkontor.dialogue import services
from programkontor.dialogue.models import Comment, Mention
from programkontor.mail.models import OutboxMessage
from programkontor.mail.services import deliver_due
from tests.conftest import World
from tests.dialogue.factories import comment_world, risk_world
from tests.governance.factories import AgendaItemFactory, DecisionFactory, MeetingFactory
from tests.mail.smtp import Inbox, smtp  # noqa: F401 - the test SMTP server
from tests.planning.factories import WorkItemFactory

pytestmark = pytest.mark.django_db


def thread(obj: Any) -> str:
    meta = obj._meta
    return reverse(
        "dialogue:comment_thread", kwargs={"target": f"{meta.app_label}.{meta.model_name}", "pk": obj.pk}
    )


def as_user(world: World, name: str) -> Client:
    client = Client()
    client.force_login(world[name])
    return client


def test_the_thread_lists_the_comments_oldest_first_with_author_and_sanitised_markdown(world: World) -> None:
    risk = risk_world(world)
    services.add_comment(actor=world["carol"], target=risk, text="Første: **vigtigt**")
    services.add_comment(
        actor=world["bob"],
        target=risk,
        text="Anden <script>alert('x')</script> [link](javascript:alert(1)) <a href=\"javascript:x()\">a</a>",
    )
    page = as_user(world, "dave").get(thread(risk)).content.decode()
    first, second = page.index("Første"), page.index("Anden")
    assert first < second
    assert "<strong>vigtigt</strong>" in page
    assert "Carol Testsen" in page and "Bob Testsen" in page
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert '<a href="javascript' not in page
    assert "Kommentarer" in page and "Tilføj en kommentar" in page


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("alice", 302),
        ("bob", 302),
        ("carol", 302),
        ("dave", 302),
        ("frank", 302),
        ("erin", 404),
        ("grace", 404),
        ("mallory", 404),
    ],
)
def test_who_may_write_on_a_private_risk(world: World, user: str, status: int) -> None:
    risk = risk_world(world)
    response = as_user(world, user).post(thread(risk), {"text": f"Fra {user}"})
    assert response.status_code == status
    assert Comment.objects.filter(text=f"Fra {user}").exists() == (status == 302)


def test_a_published_decision_is_read_by_anyone_signed_in_but_written_only_by_its_internal_readers(
    world: World,
) -> None:
    decision = DecisionFactory(product=world.product, is_published=True, title="Offentlig beslutning")
    services.add_comment(actor=world["carol"], target=decision, text="Intern bemærkning")
    mallory = as_user(world, "mallory")
    page = mallory.get(thread(decision)).content.decode()
    assert "Intern bemærkning" in page
    assert "Tilføj en kommentar" not in page
    assert "kun de, der læser den internt" in page
    assert mallory.post(thread(decision), {"text": "Hej"}).status_code == 403
    assert Client().get(thread(decision)).status_code == 302  # anonymous: log in


def test_unknown_or_not_commentable_types_are_not_found(world: World) -> None:
    client = as_user(world, "alice")
    url = reverse("dialogue:comment_thread", kwargs={"target": "portfolio.product", "pk": world.product.pk})
    assert client.get(url).status_code == 404
    url = reverse("dialogue:comment_thread", kwargs={"target": "nothing.here", "pk": 1})
    assert client.get(url).status_code == 404


def test_a_mention_of_someone_who_may_see_it_waits_on_til_mig_and_is_mailed(
    world: World,
    smtp: Inbox,  # noqa: F811 - the fixture imported above
) -> None:
    risk = risk_world(world)
    response = as_user(world, "carol").post(thread(risk), {"text": "Kan @dave og @bob. se på det? (@nobody)"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert set(Mention.objects.values_list("user__username", flat=True)) == {"dave", "bob"}
    assert set(OutboxMessage.objects.values_list("key", flat=True)) == {
        f"dialogue-mention-{comment.pk}-{world['dave'].pk}",
        f"dialogue-mention-{comment.pk}-{world['bob'].pk}",
    }
    deliver_due()
    [mail] = smtp.to("dave@example.org")
    assert Inbox.subject(mail) == "Carol Testsen nævnte dig i en kommentar til Leverandøren når det ikke"
    assert "Kan @dave og @bob. se på det?" in Inbox.text(mail)
    assert f"https://pk.example.dk{thread(risk)}#comment-{comment.pk}" in Inbox.text(mail)

    import datetime

    today = datetime.date.today()
    [group] = [g for g in due_for(world["dave"], today) if g.key == "dialogue.mentions"]
    [item] = group.items
    assert item.note == "Du er nævnt i en kommentar (risiko) af Carol Testsen"
    assert item.url == f"{thread(risk)}#comment-{comment.pk}"
    # Opening the thread marks it read: it no longer waits.
    as_user(world, "dave").get(thread(risk))
    assert not [g for g in due_for(world["dave"], today) if g.key == "dialogue.mentions"]
    assert [g for g in due_for(world["bob"], today) if g.key == "dialogue.mentions"]


def test_nobody_is_told_about_what_they_may_not_see(world: World, smtp: Inbox) -> None:  # noqa: F811
    risk = risk_world(world)
    services.add_comment(actor=world["carol"], target=risk, text="Spørg @erin, @grace og @mallory")
    assert not Mention.objects.exists()
    assert not OutboxMessage.objects.exists()
    deliver_due()
    assert smtp.messages == []


def test_the_risk_decision_and_work_item_pages_show_the_latest_three(world: World) -> None:
    risk = risk_world(world)
    work_item = WorkItemFactory(product=world.product, timebox=None, title="Byg login")
    decision = DecisionFactory(product=world.product)
    for obj in (risk, work_item, decision):
        for n in range(5):
            services.add_comment(actor=world["carol"], target=obj, text=f"Kommentar nr. {n}")
        page = as_user(world, "bob").get(obj.get_absolute_url()).content.decode()
        assert "Kommentarer (5)" in page
        assert "Kommentar nr. 4" in page and "Kommentar nr. 2" in page and "Kommentar nr. 1" not in page
        assert thread(obj) in page


def test_the_meeting_page_lists_its_agenda_items_with_their_comment_counts(world: World) -> None:
    meeting = MeetingFactory(body=world.steering)
    first = AgendaItemFactory(meeting=meeting, position=1, title="Status")
    AgendaItemFactory(meeting=meeting, position=2, title="Budget")
    services.add_comment(actor=world["dave"], target=first, text="Jeg har et spørgsmål")
    services.add_comment(actor=world["carol"], target=first, text="Svar")
    page = as_user(world, "dave").get(meeting.get_absolute_url()).content.decode()
    assert "Kommentarer til dagsordenspunkterne" in page
    assert f'href="{thread(first)}">1. Status</a> <span class="badge">2 kommentarer' in page
    assert '2. Budget</a> <span class="badge">0 kommentarer' in page
    thread_page = as_user(world, "dave").get(thread(first)).content.decode()
    assert "Jeg har et spørgsmål" in thread_page and "Svar" in thread_page
    assert as_user(world, "mallory").get(thread(first)).status_code == 404


def test_the_api_lists_the_comments_of_one_object_and_adds_one(world: World) -> None:
    from rest_framework.test import APIClient

    comment = comment_world(world)
    risk = risk_world(world)
    client = APIClient()
    client.force_authenticate(world["bob"])
    target = f"planning.risk:{risk.pk}"
    listed = client.get(reverse("api:dialogue-comment-list"), {"target": target}).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [(row["id"], row["target"], row["author"]) for row in rows] == [(comment.pk, target, "carol")]
    created = client.post(
        reverse("api:dialogue-comment-list"), {"target": target, "text": "Enig, @dave"}, format="json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["author"] == "bob"
    assert Mention.objects.filter(user=world["dave"], comment_id=created.json()["id"]).exists()
    mallory = APIClient()
    mallory.force_authenticate(world["mallory"])
    assert (
        mallory.post(
            reverse("api:dialogue-comment-list"), {"target": target, "text": "x"}, format="json"
        ).status_code
        == 400
    )
    assert mallory.get(reverse("api:dialogue-comment-list"), {"target": target}).json()["results"] == []
