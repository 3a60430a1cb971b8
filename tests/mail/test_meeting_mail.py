"""Meeting mails through a real SMTP server: the invitation with its .ics when the agenda is sent, an
update with a higher SEQUENCE when the time or place changes, the cancellation, and the minutes to
those who approve them."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client
from django.urls import reverse

from programkontor.governance import services as governance
from programkontor.governance.models import Meeting, MeetingStatus
from programkontor.governance.services.invitations import send_invitations
from programkontor.mail.services import deliver_due
from tests import factories as f
from tests.governance.factories import AgendaItemFactory, at
from tests.mail.smtp import Inbox


def _meeting(world: Any, days: int = 7) -> Meeting:
    nobody = f.PersonFactory(first_name="Uden", last_name="Adresse", email="")
    f.MembershipFactory(person=nobody, body=world.steering, role="member")
    meeting = governance.create_meeting(
        actor=world["alice"],
        fields={
            "body": world.steering,
            "title": "Styregruppemøde",
            "starts_at": at(days),
            "location": "Rådhuset",
        },
    )
    AgendaItemFactory(meeting=meeting, title="Budget 2027")
    return meeting


def _send_agenda(world: Any, meeting: Meeting) -> Meeting:
    return governance.transition_meeting(
        meeting, actor=world["alice"], expected_version=meeting.version, target=MeetingStatus.AGENDA_SENT
    )


def test_sending_the_agenda_mails_everyone_invited_an_invitation_for_their_calendar(
    world: Any, smtp: Inbox
) -> None:
    meeting = _send_agenda(world, _meeting(world))
    assert deliver_due().sent == 1  # dave; the member without an address gets nothing
    [message] = smtp.messages
    assert message["To"] == "dave@example.org"
    assert Inbox.subject(message) == f"Indkaldelse: {meeting.display_title}"
    text = Inbox.text(message)
    assert "Kære Dave Testsen" in text
    assert "Du er inviteret til et møde i Styregruppen for OS2alpha" in text
    assert "Hvor: Rådhuset" in text and "1. Budget 2027" in text
    assert f"https://pk.example.dk/styring/moeder/{meeting.pk}/" in text
    assert f'href="https://pk.example.dk/styring/moeder/{meeting.pk}/"' in Inbox.html(message)
    calendar = Inbox.calendar(message)
    assert calendar["METHOD"] == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{meeting.pk}@programkontor.os2"
    assert int(event["SEQUENCE"]) == meeting.version
    assert event.decoded("DTSTART") == meeting.starts_at
    assert str(event["LOCATION"]) == "Rådhuset"
    assert str(event["ORGANIZER"]) == "mailto:programkontor@os2.example"
    attendees = event["ATTENDEE"] if isinstance(event["ATTENDEE"], list) else [event["ATTENDEE"]]
    assert [str(a) for a in attendees] == ["mailto:dave@example.org"]


def test_an_invitation_is_never_sent_twice(world: Any, smtp: Inbox) -> None:
    meeting = _send_agenda(world, _meeting(world))
    assert send_invitations(meeting, kind="invitation") == 0  # asked again: already in the outbox
    deliver_due()
    deliver_due()
    assert len(smtp.messages) == 1


def test_a_new_time_or_place_sends_an_update_with_a_higher_sequence(world: Any, smtp: Inbox) -> None:
    meeting = _send_agenda(world, _meeting(world))
    client = Client()
    client.force_login(world["alice"])
    start = meeting.starts_at + datetime.timedelta(days=1)
    form = {
        "body": world.steering.pk,
        "title": meeting.title,
        "starts_at": start.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M"),
        "location": "Borgerservice, mødelokale 2",
        "version": meeting.version,
    }
    response = client.post(reverse("governance:meeting_edit", args=[meeting.pk]), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    deliver_due()
    first, update = smtp.messages
    assert Inbox.subject(update) == f"Ændret: {Meeting.objects.get(pk=meeting.pk).display_title}"
    assert "Tid eller sted for mødet i Styregruppen for OS2alpha er ændret" in Inbox.text(update)
    [before] = Inbox.calendar(first).walk("VEVENT")
    calendar = Inbox.calendar(update)
    [after] = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "REQUEST"
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert str(after["LOCATION"]) == "Borgerservice, mødelokale 2"


def test_a_change_of_anything_else_sends_nothing(world: Any, smtp: Inbox) -> None:
    meeting = _send_agenda(world, _meeting(world))
    governance.update_meeting(
        meeting, actor=world["alice"], expected_version=meeting.version, changes={"notes": "Husk kaffe"}
    )
    deliver_due()
    assert len(smtp.messages) == 1


def test_cancelling_a_meeting_sends_the_cancellation(world: Any, smtp: Inbox) -> None:
    meeting = _send_agenda(world, _meeting(world))
    client = Client()
    client.force_login(world["alice"])
    page = client.get(reverse("governance:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Aflys mødet" in page
    confirm = client.get(reverse("governance:meeting_delete", args=[meeting.pk])).content.decode()
    assert "alle inviterede får aflysningen på e-mail" in confirm
    response = client.post(
        reverse("governance:meeting_delete", args=[meeting.pk]),
        {"version": meeting.version, "reason": "Aflyst"},
    )
    assert response.status_code == 302
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    deliver_due()
    invitation, cancellation = smtp.messages
    assert Inbox.subject(cancellation).startswith("Aflyst: Styregruppemøde")
    assert "er aflyst" in Inbox.text(cancellation)
    calendar = Inbox.calendar(cancellation)
    assert calendar["METHOD"] == "CANCEL"
    [event] = calendar.walk("VEVENT")
    [invited] = Inbox.calendar(invitation).walk("VEVENT")
    assert str(event["UID"]) == str(invited["UID"])
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) > int(invited["SEQUENCE"])


def test_a_meeting_that_has_begun_cannot_be_cancelled(world: Any, smtp: Inbox) -> None:
    meeting = _send_agenda(world, _meeting(world))
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=at(-1))
    client = Client()
    client.force_login(world["alice"])
    client.post(reverse("governance:meeting_delete", args=[meeting.pk]), {"version": meeting.version})
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    deliver_due()
    assert len(smtp.messages) == 1  # the invitation only


def test_minutes_ready_for_approval_are_mailed_with_a_link(world: Any, smtp: Inbox) -> None:
    meeting = _send_agenda(world, _meeting(world, days=-1))
    item = meeting.agenda_items.get()
    governance.save_minutes(
        actor=world["alice"],
        meeting=meeting,
        minutes={item.pk: "Budgettet blev drøftet."},
        summary=None,
        expected_version=meeting.version,
    )
    for attendance in meeting.attendances.all():
        attendance.status = "present"
        attendance.save()
    meeting.refresh_from_db()
    governance.transition_meeting(
        meeting, actor=world["alice"], expected_version=meeting.version, target=MeetingStatus.MINUTES_READY
    )
    deliver_due()
    minutes = [m for m in smtp.messages if Inbox.subject(m).startswith("Referat til godkendelse")]
    [message] = minutes
    assert message["To"] == "dave@example.org"
    text = Inbox.text(message)
    assert "er klar til godkendelse" in text
    assert f"https://pk.example.dk/styring/moeder/{meeting.pk}/" in text


def test_a_guest_invited_after_the_agenda_was_sent_gets_the_invitation_and_nobody_else_again(
    world: Any, smtp: Inbox
) -> None:
    meeting = _send_agenda(world, _meeting(world))
    deliver_due()
    guest = f.PersonFactory(first_name="Gæst", last_name="Gæstesen", email="gaest@example.org")
    client = Client()
    client.force_login(world["alice"])
    response = client.post(
        reverse("governance:guest_add", args=[meeting.pk]),
        {"person": guest.pk, "is_guest": "on", "status": "invited"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    deliver_due()
    assert [str(m["To"]) for m in smtp.messages] == ["dave@example.org", "gaest@example.org"]
    [event] = Inbox.calendar(smtp.messages[1]).walk("VEVENT")
    attendees = {str(a) for a in event["ATTENDEE"]}
    assert attendees == {"mailto:dave@example.org", "mailto:gaest@example.org"}
