"""Governance in a real browser: a steering group's chair plans a meeting, records attendance and a
decision, approves the minutes at the next meeting, and the decision shows in the published log.

Elements are found by URL, form field name or id rather than by their (translated) text.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from programkontor.governance.models import Decision, Meeting
from tests import factories as f
from tests.browser.conftest import PASSWORD, Portfolio, Problems
from tests.browser.test_portfolio_flow import log_in

pytestmark = pytest.mark.browser


def local(days: int, hour: int) -> str:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return f"{day:%Y-%m-%d}T{hour:02d}:00"


def submit(page: Any) -> None:
    page.click("main form button[type=submit]")


def test_a_chair_runs_a_meeting_and_the_decision_reaches_the_published_log(
    page: Any, portfolio: Portfolio, problems: Problems
) -> None:
    steering = f.BodyFactory(product=portfolio.alpha, name="Styregruppen for OS2alpha")
    chair_user = f.UserFactory(username="formand", first_name="Frida", last_name="Formand", password=PASSWORD)
    chair = f.PersonFactory(first_name="Frida", last_name="Formand", user=chair_user)
    f.MembershipFactory(body=steering, person=chair, role="chair")
    log_in(page, "formand", PASSWORD)

    # Plan the meeting of the body (it happened two days ago).
    page.goto(reverse("governance:meeting_add") + f"?body={steering.pk}")
    page.fill("main form [name=title]", "Styregruppemøde")
    page.fill("main form [name=starts_at]", local(-2, 13))
    submit(page)
    page.wait_for_url(re.compile(r"/styring/moeder/\d+/$"))
    meeting = Meeting.objects.get(body=steering)
    expect(page.locator("h1")).to_contain_text("Styregruppemøde")

    # An agenda item, then the agenda goes out.
    page.click("#add-agenda-item")
    page.fill("main form [name=title]", "Niveau for OS2alpha")
    page.fill("main form [name=duration_minutes]", "20")
    submit(page)
    page.wait_for_url(re.compile(rf"/styring/moeder/{meeting.pk}/"))
    page.click("button[name=transition][value=agenda_sent]")
    expect(page.locator("button[name=transition][value=minutes_ready]")).to_be_visible()

    # Attendance: the chair was present.
    page.click("#record-attendance")
    page.check("main form input[type=radio][value=present]")
    submit(page)
    page.wait_for_url(re.compile(rf"/styring/moeder/{meeting.pk}/"))

    # A decision taken under the agenda item: a level change, decided by the group.
    item = meeting.agenda_items.get()
    page.click(f"#record-decision-{item.pk}")
    expect(page.locator("main form [name=title]")).to_have_value("Niveau for OS2alpha")
    page.fill("main form [name=title]", "Opjustering fra niveau 1 til niveau 2")
    page.select_option("main form [name=kind]", "level_change")
    page.select_option("main form [name=status]", "decided")
    page.select_option("main form [name=level_from]", "1")
    page.select_option("main form [name=level_to]", "2")
    page.click("#more-fields summary")  # the basis is among the fields most decisions leave out
    page.fill("main form [name=basis]", "Opdateret dokumentation og en aktiv styregruppe")
    submit(page)
    page.wait_for_url(re.compile(r"/styring/beslutninger/\d+/$"))
    decision = Decision.objects.get(title="Opjustering fra niveau 1 til niveau 2")
    assert (decision.status, decision.agenda_item, decision.product) == ("decided", item, portfolio.alpha)
    page.click(f"a[href='{reverse('governance:decision_publish', args=[decision.pk])}']")
    submit(page)
    page.wait_for_url(re.compile(rf"/styring/beslutninger/{decision.pk}/$"))

    # Minutes, then ready for approval.
    page.goto(meeting.get_absolute_url())
    page.click("#write-minutes")
    page.fill(f"main form [name=minutes_{item.pk}]", "Styregruppen besluttede opjusteringen.")
    submit(page)
    page.wait_for_url(re.compile(rf"/styring/moeder/{meeting.pk}/$"))
    page.click("button[name=transition][value=minutes_ready]")
    expect(page.locator("button[name=transition][value=minutes_approved]")).to_be_visible()

    # The next meeting proposes approving these minutes by itself; the group approves them there,
    # on the day it meets (today).
    page.goto(reverse("governance:meeting_add") + f"?body={steering.pk}")
    page.fill("main form [name=title]", "Styregruppemøde")
    page.fill("main form [name=starts_at]", local(0, 0))
    submit(page)
    page.wait_for_url(re.compile(r"/styring/moeder/\d+/$"))
    approve = page.locator(f"button[name=approve][value='{meeting.pk}']")
    expect(approve).to_be_visible()
    approve.click()
    page.wait_for_load_state()
    meeting.refresh_from_db()
    assert meeting.status == "minutes_approved"
    assert meeting.minutes_approved_at_meeting is not None and meeting.minutes_approved_at_meeting != meeting

    # Anyone sees the decision in the published log.
    page.click("header form[action$='/log-ud/'] button[type=submit]")
    page.goto(reverse("governance:public_log"))
    entry = page.locator(f"main a[href='{decision.get_absolute_url()}']")
    expect(entry).to_have_text("Opjustering fra niveau 1 til niveau 2")
    expect(page.locator("main")).to_contain_text(str(decision.date.year))
    expect(page.locator("main")).to_contain_text("OS2alpha")

    assert problems.console_errors == []
    assert problems.page_errors == []
    assert problems.csp_violations(page) == []
