"""Mails about a meeting, through the outbox (``programkontor.mail``): the invitation with its .ics
when the agenda is sent, an update when its time or place changes afterwards, the cancellation when
it is called off, and the minutes to those who approve them.

The invitation's event keeps the meeting's UID for good; its SEQUENCE is the meeting's version, which
grows with every change, so a calendar replaces the event it has with the update and removes it on
the cancellation. Each message's outbox key names the meeting, the kind, the version and the person:
a step repeated (a retried request) sends nothing twice.
"""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from django.urls import reverse

from programkontor.governance import feeds
from programkontor.governance.models import AgendaItem, Attendance, Meeting
from programkontor.mail import services as mail
from programkontor.mail.compose import absolute, compose

#: What an invitation tells: when and where. A change of these after the agenda was sent is mailed.
TIME_AND_PLACE = ("starts_at", "ends_at", "location", "video_url")

Kind = Literal["invitation", "update", "cancellation"]


def _invited(meeting: Meeting) -> list[Attendance]:
    return [
        attendance
        for attendance in Attendance.objects.filter(meeting=meeting)
        .select_related("person", "person__user")
        .order_by("pk")
        if attendance.person is not None and attendance.person.email
    ]


def send_invitations(meeting: Meeting, *, kind: Kind, sequence: int | None = None) -> int:
    """Queue ``kind`` of mail to everyone invited who has an e-mail address; returns how many new."""
    sequence = meeting.version if sequence is None else sequence
    invited = _invited(meeting)
    if not invited:
        return 0
    meeting = Meeting.objects.select_related("body", "chair", "minute_taker").get(pk=meeting.pk)
    agenda = list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk"))
    people = [attendance.person for attendance in invited]
    ics = feeds.invitation(
        meeting,
        base_url=settings.PROGRAMKONTOR_SITE_URL,
        agenda=agenda,
        attendees=people,
        internal=True,
        mailed_by=(settings.PROGRAMKONTOR_SITE_NAME, settings.DEFAULT_FROM_EMAIL),
        sequence=sequence,
        cancel=kind == "cancellation",
    ).decode()
    method = "CANCEL" if kind == "cancellation" else "REQUEST"
    attachment = mail.Attachment("invitation.ics", ics, f"text/calendar; method={method}; charset=utf-8")
    queued = 0
    for attendance in invited:
        person = attendance.person
        assert person is not None  # _invited keeps only people
        message = compose(
            "governance/mail/cancellation" if kind == "cancellation" else "governance/mail/invitation",
            {
                "kind": kind,
                "meeting": meeting,
                "person": person,
                "agenda": agenda,
                "url": absolute(meeting.get_absolute_url()),
            },
        )
        queued += (
            mail.queue(
                kind=f"governance.{kind}",
                key=f"meeting:{meeting.pk}:{kind}:{sequence}:{person.pk}",
                to=person.email,
                mail=message,
                user=person.user,
                attachments=[attachment],
            )
            is not None
        )
    return queued


def send_minutes_for_approval(meeting: Meeting) -> int:
    """The minutes are ready: those who were invited approve them (at the body's next meeting)."""
    queued = 0
    url = absolute(reverse("governance:meeting_detail", kwargs={"pk": meeting.pk}))
    for attendance in _invited(meeting):
        person = attendance.person
        assert person is not None
        message = compose("governance/mail/minutes_ready", {"meeting": meeting, "person": person, "url": url})
        queued += (
            mail.queue(
                kind="governance.minutes_ready",
                key=f"meeting:{meeting.pk}:minutes:{meeting.version}:{person.pk}",
                to=person.email,
                mail=message,
                user=person.user,
            )
            is not None
        )
    return queued
