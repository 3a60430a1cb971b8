"""The end of the Monday-morning acceptance (issue 16): the demo's program manager plans a new meeting
of a steering group in a real browser and sends the agenda; the invitations arrive in the test SMTP
server (tests/mail/smtp.py) at once — the outbox is sent when the change commits — with the .ics for
the members' calendars."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from programkontor.governance.models import Meeting
from programkontor.mail.models import OutboxMessage
from programkontor.portfolio.models import Body
from tests.browser.test_for_me import demo, sign_in_as_the_program_manager  # noqa: F401 - the demo fixture
from tests.browser.test_governance import local, submit
from tests.chromium import Problems
from tests.mail.smtp import Inbox, smtp  # noqa: F401 - the test SMTP server

pytestmark = pytest.mark.browser


def test_the_invitations_of_a_new_meeting_arrive_by_e_mail(
    page: Any,
    smtp: Inbox,  # noqa: F811 - the fixture imported above
    demo: None,  # noqa: F811 - the fixture imported above
    problems: Problems,
) -> None:
    smtp.messages.clear()  # what loading the demo mailed
    body = Body.objects.get(name="Styregruppen for OS2rollekatalog")
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_as_the_program_manager(page)

    page.goto(reverse("governance:meeting_add") + f"?body={body.pk}")
    page.fill("main form [name=title]", "Ekstraordinært styregruppemøde")
    page.fill("main form [name=starts_at]", local(9, 10))
    page.fill("main form [name=location]", "KL-huset, lokale 3")
    submit(page)
    page.wait_for_url(re.compile(r"/styring/moeder/\d+/$"))
    meeting = Meeting.objects.get(title="Ekstraordinært styregruppemøde")
    invited = {
        a.person.email for a in meeting.attendances.select_related("person") if a.person and a.person.email
    }
    assert invited, "the demo's steering group has members with an address"
    page.click("#add-agenda-item")
    page.fill("main form [name=title]", "NemLog-in-brokeren: ny tidsplan")
    submit(page)
    page.wait_for_url(re.compile(rf"/styring/moeder/{meeting.pk}/"))
    assert smtp.messages == []  # nothing before the agenda is sent
    page.click("button[name=transition][value=agenda_sent]")
    expect(page.locator("main")).to_contain_text("Dagsorden udsendt")

    assert {str(m["To"]) for m in smtp.messages} == invited
    message = smtp.messages[0]
    assert Inbox.subject(message).startswith("Indkaldelse: Ekstraordinært styregruppemøde")
    assert "NemLog-in-brokeren: ny tidsplan" in Inbox.text(message)
    calendar = Inbox.calendar(message)
    [event] = calendar.walk("VEVENT")
    assert (calendar["METHOD"], str(event["LOCATION"])) == ("REQUEST", "KL-huset, lokale 3")
    assert set(
        OutboxMessage.objects.filter(kind="governance.invitation").values_list("status", flat=True)
    ) == {"sent"}
    assert problems.console_errors == [] and problems.page_errors == []
