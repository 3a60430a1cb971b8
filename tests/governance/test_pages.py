"""Governance's pages as users read them: who sees what, and what the forms do."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from programkontor.accounts.services import create_calendar_token, revoke_calendar_token
from programkontor.governance import feeds
from programkontor.governance import services as governance
from programkontor.governance.models import Attendance, Decision, Meeting
from tests import factories as f
from tests.governance.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    CycleEventFactory,
    DecisionFactory,
    MandateFactory,
    MeetingFactory,
    at,
)


def text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def published_meeting(world: Any) -> Meeting:
    """An approved, published meeting of OS2gamma's published steering group."""
    body = f.BodyFactory(product=world.published_product, name="Styregruppen for OS2gamma", is_published=True)
    public = f.PersonFactory(first_name="Offentlig", last_name="Formand", is_public=True)
    private = f.PersonFactory(first_name="Hemmelig", last_name="Medlem", is_public=False)
    meeting = MeetingFactory(
        body=body,
        starts_at=at(-20),
        status="minutes_approved",
        is_published=True,
        chair=public,
        minute_taker=private,
        notes="Intern note om mødet",
    )
    AgendaItemFactory(meeting=meeting, title="Budget", minutes="Budgettet blev godkendt.", owner=private)
    AttendanceFactory(meeting=meeting, person=public, status="present")
    AttendanceFactory(meeting=meeting, person=private, status="present")
    return meeting


def test_the_decision_log_shows_each_user_what_they_may_see(world: Any, client: Any) -> None:
    DecisionFactory(product=world.product, title="Alfas interne beslutning")
    DecisionFactory(product=world.other_product, title="Betas interne beslutning")
    DecisionFactory(product=world.published_product, title="Gammas offentlige beslutning", is_published=True)
    url = reverse("governance:decision_list")
    for name, visible in {
        "alice": {"Alfas", "Betas", "Gammas"},
        "dave": {"Alfas", "Gammas"},
        "grace": {"Betas", "Gammas"},
        "erin": {"Gammas"},  # suppliers get no governance data beyond what is published
        "mallory": {"Gammas"},
    }.items():
        client.force_login(world[name])
        page = text(client.get(url))
        assert {word for word in ("Alfas", "Betas", "Gammas") if word in page} == visible, name
    client.logout()
    page = text(client.get(url))
    assert "Gammas" in page and "Alfas" not in page


def test_the_log_filters_by_record_type_status_and_year(world: Any, client: Any) -> None:
    DecisionFactory(
        product=world.product,
        title="Strategisk valg",
        record_type="strategic",
        date=datetime.date(2025, 1, 1),
    )
    DecisionFactory(product=world.product, title="Driftsvalg", record_type="operational", status="decided")
    client.force_login(world["alice"])
    url = reverse("governance:decision_list")
    assert "Strategisk valg" not in text(client.get(url, {"record_type": "operational"}))
    assert "Driftsvalg" not in text(client.get(url, {"year": "2025"}))
    only = text(client.get(url, {"status": "decided"}, HTTP_HX_REQUEST="true"))
    assert "Driftsvalg" in only and "<html" not in only


def test_a_published_decision_hides_internal_notes_from_anonymous_visitors(world: Any, client: Any) -> None:
    decision = DecisionFactory(
        product=world.published_product,
        title="Offentlig",
        is_published=True,
        notes="Hemmelig note",
        context="Baggrund",
    )
    page = text(client.get(decision.get_absolute_url()))
    assert "Baggrund" in page and "Hemmelig note" not in page
    client.force_login(world["alice"])
    assert "Hemmelig note" in text(client.get(decision.get_absolute_url()))
    private = DecisionFactory(product=world.product)
    client.logout()
    assert client.get(private.get_absolute_url()).status_code == 404


def test_a_published_meeting_names_only_public_people(
    published_meeting: Meeting, client: Any, world: Any
) -> None:
    page = text(client.get(published_meeting.get_absolute_url()))
    assert "Budgettet blev godkendt." in page
    assert "Offentlig Formand" in page
    assert "Hemmelig Medlem" not in page
    assert "Intern note om mødet" not in page
    printed = text(client.get(reverse("governance:meeting_print", args=[published_meeting.pk])))
    assert "Hemmelig Medlem" not in printed and "Budget" in printed
    client.force_login(world["alice"])
    assert "Hemmelig Medlem" in text(client.get(published_meeting.get_absolute_url()))


def test_names_kept_as_text_and_agenda_headings_show_to_insiders_but_not_the_public(
    world: Any, client: Any
) -> None:
    body = f.BodyFactory(product=world.published_product, is_published=True)
    meeting = MeetingFactory(
        body=body,
        status="minutes_approved",
        is_published=True,
        chair_name="Lise Udefra",
        minute_taker_name="Ole Udefra",
    )
    AgendaItemFactory(meeting=meeting, section="1. Formalia", number="1.1", title="Dagsorden", position=1)
    AgendaItemFactory(
        meeting=meeting,
        section="1. Formalia",
        number="1.2",
        title="Budget",
        owner_name="Hanne Udefra",
        position=2,
    )
    for url in (meeting.get_absolute_url(), reverse("governance:meeting_print", args=[meeting.pk])):
        client.force_login(world["alice"])
        inside = text(client.get(url))
        assert "Lise Udefra" in inside and "Ole Udefra" in inside and "Hanne Udefra" in inside
        assert inside.count("1. Formalia") == 1
        client.logout()
        public = text(client.get(url))
        assert "1. Formalia" in public and "Budget" in public
        assert "Udefra" not in public and "navnet er ikke offentligt" in public


def test_an_unapproved_meeting_is_never_public(world: Any, client: Any) -> None:
    body = f.BodyFactory(product=world.published_product, is_published=True)
    meeting = MeetingFactory(body=body, status="minutes_ready")
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_a_body_member_plans_a_meeting_records_attendance_and_writes_minutes(world: Any, client: Any) -> None:
    client.force_login(world["dave"])
    starts = at(-1)  # held yesterday: its minutes can be written and marked ready
    response = client.post(
        reverse("governance:meeting_add"),
        {
            "body": world.steering.pk,
            "title": "Styregruppemøde",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get(body=world.steering)
    assert meeting.attendances.get().person == world["dave"].person
    client.post(
        reverse("governance:agenda_item_add", args=[meeting.pk]),
        {"title": "Status", "kind": "standard", "duration_minutes": "15"},
    )
    item = meeting.agenda_items.get()
    assert item.position == 1
    client.post(
        reverse("governance:meeting_transition", args=[meeting.pk]),
        {"version": meeting.version, "target": "agenda_sent"},
    )
    meeting.refresh_from_db()
    assert meeting.status == "agenda_sent"
    attendance = meeting.attendances.get()
    client.post(
        reverse("governance:meeting_attendance", args=[meeting.pk]),
        {
            f"seen_{attendance.pk}": attendance.version,
            f"status_{attendance.pk}": "present",
            f"note_{attendance.pk}": "",
        },
    )
    assert Attendance.objects.get(pk=attendance.pk).status == "present"
    meeting.refresh_from_db()
    client.post(
        reverse("governance:meeting_minutes", args=[meeting.pk]),
        {
            "version": meeting.version,
            f"seen_{item.pk}": item.version,
            f"minutes_{item.pk}": "Alt kører.",
            "summary": "",
        },
    )
    meeting.refresh_from_db()
    client.post(
        reverse("governance:meeting_transition", args=[meeting.pk]),
        {"version": meeting.version, "target": "minutes_ready"},
    )
    meeting.refresh_from_db()
    assert meeting.status == "minutes_ready"
    assert "Alt kører." in text(client.get(meeting.get_absolute_url()))


def test_someone_outside_the_body_cannot_change_its_meeting(world: Any, client: Any) -> None:
    meeting = MeetingFactory(body=world.steering)
    client.force_login(world["frank"])  # the board reads everything but does not write here
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert client.get(reverse("governance:meeting_edit", args=[meeting.pk])).status_code == 403
    client.force_login(world["grace"])
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_the_invitation_is_an_ics_with_the_agenda_and_for_insiders_the_attendees(
    world: Any, client: Any
) -> None:
    meeting = MeetingFactory(body=world.steering, starts_at=at(5), minute_taker=world["carol"].person)
    AgendaItemFactory(meeting=meeting, title="Roadmap")
    AttendanceFactory(meeting=meeting, person=world["dave"].person)
    client.force_login(world["carol"])
    response = client.get(reverse("governance:meeting_ics", args=[meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode().replace("\r\n ", "")
    assert "BEGIN:VEVENT" in body and "METHOD:REQUEST" in body and "Roadmap" in body
    assert "mailto:dave@example.org" in body
    # A request names its organiser (RFC 5546): the chair, else the minute-taker.
    organizer = [line for line in body.splitlines() if line.startswith("ORGANIZER")]
    assert len(organizer) == 1 and organizer[0].endswith(f"mailto:{world['carol'].person.email}")


def test_an_invitation_without_an_organiser_address_is_published_not_requested(
    world: Any, client: Any
) -> None:
    private_chair = f.PersonFactory(first_name="Intern", last_name="Formand", is_public=False)
    meeting = MeetingFactory(body=world.steering, starts_at=at(5), chair=private_chair)
    client.force_login(world["carol"])
    body = client.get(reverse("governance:meeting_ics", args=[meeting.pk])).content.decode()
    assert "METHOD:REQUEST" in body and "ORGANIZER" in body and private_chair.email in body
    # A reader who may not see internal names does not get a private chair's address either.
    public = feeds.invitation(meeting, base_url="https://pk.example.org", agenda=[], attendees=[]).decode()
    assert "METHOD:PUBLISH" in public and private_chair.email not in public
    meeting.chair = None
    meeting.save()
    body = client.get(reverse("governance:meeting_ics", args=[meeting.pk])).content.decode()
    assert "METHOD:PUBLISH" in body and "METHOD:REQUEST" not in body and "ORGANIZER" not in body


def test_the_printable_agenda_exists_as_html_and_pdf(world: Any, client: Any) -> None:
    meeting = MeetingFactory(body=world.steering)
    AgendaItemFactory(meeting=meeting, title="Økonomi og æøå")
    client.force_login(world["dave"])
    html = text(client.get(reverse("governance:meeting_print", args=[meeting.pk])))
    assert "Økonomi og æøå" in html and "<script" not in html
    pdf = client.get(reverse("governance:meeting_pdf", args=[meeting.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_public_log_groups_published_portfolio_decisions_by_year(world: Any, client: Any) -> None:
    DecisionFactory(
        product=world.published_product,
        title="Opjustering til niveau 2",
        kind="level_change",
        status="decided",
        date=datetime.date(2026, 5, 15),
        is_published=True,
        basis="Opdateret dokumentation",
        decided_by_role="secretariat",
        level_from="1",
        level_to="2",
    )
    DecisionFactory(
        product=world.published_product,
        title="Optagelse i sandkassen",
        kind="admission",
        status="decided",
        date=datetime.date(2025, 11, 10),
        is_published=True,
    )
    DecisionFactory(
        product=world.published_product, title="Upubliceret pause", kind="pause", status="decided"
    )
    DecisionFactory(
        product=world.published_product, title="Almindelig drift", status="decided", is_published=True
    )
    page = text(client.get(reverse("governance:public_log")))
    assert page.index(">2026<") < page.index("Opjustering") < page.index(">2025<") < page.index("Optagelse")
    assert "Opdateret dokumentation" in page
    assert "Upubliceret pause" not in page and "Almindelig drift" not in page
    markdown = client.get(reverse("governance:public_log_markdown")).content.decode()
    assert "# 2026" in markdown and "## OS2gamma" in markdown and "- **Dato:** 15-05-2026" in markdown


def test_the_product_page_shows_upcoming_meetings_and_decisions(world: Any, client: Any) -> None:
    MeetingFactory(body=world.steering, title="Næste styregruppemøde", starts_at=at(3))
    DecisionFactory(product=world.product, title="Seneste beslutning")
    client.force_login(world["carol"])
    page = text(client.get(world.product.get_absolute_url()))
    assert "Næste styregruppemøde" in page and "Seneste beslutning" in page
    client.force_login(world["bob"])
    assert "Seneste beslutning" in text(client.get(world.program.get_absolute_url()))
    assert "Næste styregruppemøde" in text(client.get(world.steering.get_absolute_url()))


def test_til_mig_lists_what_is_due_in_the_next_30_days(world: Any, client: Any) -> None:
    MeetingFactory(body=world.steering, title="Snart møde", starts_at=at(5))
    MeetingFactory(body=world.steering, title="Fjernt møde", starts_at=at(60))
    MeetingFactory(body=world.steering, title="Referat mangler", starts_at=at(-10), status="agenda_sent")
    DecisionFactory(
        product=world.product,
        title="Skal ratificeres",
        status="ratification_pending",
        ratification_due=timezone.localdate() + datetime.timedelta(days=3),
    )
    MandateFactory(
        product=world.product,
        title="Udløbende mandat",
        valid_to=timezone.localdate() + datetime.timedelta(days=10),
    )
    CycleEventFactory(
        product=world.product, title="Frist for selvevaluering", months=[], day=timezone.localdate().day
    )
    client.force_login(world["bob"])
    page = text(client.get(reverse("core:for_me")))
    for expected in (
        "Snart møde",
        "Referat mangler",
        "Skal ratificeres",
        "Udløbende mandat",
        "Frist for selvevaluering",
    ):
        assert expected in page, expected
    assert "Fjernt møde" not in page
    client.force_login(world["mallory"])
    assert "Snart møde" not in text(client.get(reverse("core:for_me")))


def test_the_mandate_check_names_the_mandate_and_whether_it_is_enough(world: Any, client: Any) -> None:
    MandateFactory(product=world.product, title="Fakturagodkendelse", grantor_body=world.steering)
    client.force_login(world["carol"])
    url = reverse("governance:mandate_check")
    query = {"product": world.product.pk, "holder_role": "product_coordinator", "kind": "invoice_approval"}
    within = text(client.get(url, {**query, "amount": "10000"}))
    assert "Fakturagodkendelse" in within and 'id="mandate-verdict"' in within
    over = text(client.get(url, {**query, "amount": "30000"}))
    assert "Styregruppen for OS2alpha" in over
    assert Decimal("30000") > Decimal("25000")


def test_the_annual_cycle_shows_the_years_dates_and_meetings(world: Any, client: Any) -> None:
    year = timezone.localdate().year
    CycleEventFactory(product=world.product, title="Selvevaluering OS2alpha", is_published=True)
    client.force_login(world["carol"])
    page = text(client.get(reverse("governance:cycle"), {"year": year}))
    assert page.count("Selvevaluering OS2alpha") >= 3  # March, September and the list of events
    assert "<svg" in page
    client.logout()
    assert "Selvevaluering OS2alpha" in text(client.get(reverse("governance:cycle")))


def test_the_annual_cycle_steps_only_to_years_with_events_or_meetings(world: Any, client: Any) -> None:
    year = timezone.localdate().year
    CycleEventFactory(title="Årshjul", is_published=True, valid_from=datetime.date(year - 2, 1, 1))
    client.force_login(world["carol"])
    first = text(client.get(reverse("governance:cycle"), {"year": year - 2}))
    assert 'rel="prev"' not in first and f"{year - 1} →" in first
    last = text(client.get(reverse("governance:cycle"), {"year": year + 1}))
    assert f"← {year}" in last and 'rel="next"' not in last
    assert 'rel="prev"' not in text(client.get(reverse("governance:cycle"), {"year": 2000}))


def test_feeds_need_the_secret_token_and_stop_when_revoked(world: Any, client: Any) -> None:
    MeetingFactory(body=world.steering, title="Mødet i kalenderen", starts_at=at(4))
    _token, raw = create_calendar_token(user=world["dave"])  # made on the accounts page
    feed = client.get(reverse("governance:feed_person", args=[raw]))
    assert feed.status_code == 200 and "Mødet i kalenderen" in feed.content.decode()
    body_feed = client.get(reverse("governance:feed_body", args=[raw, world.steering.pk]))
    assert "Mødet i kalenderen" in body_feed.content.decode()
    assert client.get(reverse("governance:feed_person", args=["cal_forkert"])).status_code == 404
    revoke_calendar_token(user=world["dave"])
    assert client.get(reverse("governance:feed_person", args=[raw])).status_code == 404
    assert client.get(reverse("governance:feed_body", args=[raw, world.steering.pk])).status_code == 404


def test_the_public_feed_has_only_published_events(world: Any, client: Any) -> None:
    CycleEventFactory(title="Generalforsamling", is_published=True, months=[5], day=20)
    CycleEventFactory(title="Internt seminar", months=[5], day=21)
    body = client.get(reverse("governance:feed_public")).content.decode()
    assert "Generalforsamling" in body and "Internt seminar" not in body


def test_recording_a_decision_from_an_agenda_item_links_it(world: Any, client: Any) -> None:
    meeting = MeetingFactory(body=world.steering, status="agenda_sent")
    item = AgendaItemFactory(meeting=meeting, title="Valg af leverandør")
    client.force_login(world["dave"])
    form = text(client.get(reverse("governance:decision_add") + f"?item={item.pk}"))
    assert "Valg af leverandør" in form
    response = client.post(
        reverse("governance:decision_add") + f"?item={item.pk}",
        {
            "title": "Valg af leverandør",
            "date": meeting.date.isoformat(),
            "kind": "general",
            "status": "decided",
            "decided_by_body": world.steering.pk,
            "meeting": meeting.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = Decision.objects.get(title="Valg af leverandør")
    assert decision.agenda_item == item and decision.product == world.product and decision.status == "decided"
    client.force_login(world["carol"])
    refused = client.post(
        reverse("governance:decision_add"),
        {
            "title": "Ikke min beslutning",
            "date": "2026-01-01",
            "kind": "general",
            "status": "decided",
            "decided_by_body": world.steering.pk,
        },
    )
    assert refused.status_code == 400 and not Decision.objects.filter(title="Ikke min beslutning").exists()


def test_a_new_meeting_proposes_approving_the_last_one(world: Any) -> None:
    first = governance.create_meeting(
        actor=world["dave"], fields={"body": world.steering, "starts_at": at(-7)}
    )
    second = governance.create_meeting(
        actor=world["dave"], fields={"body": world.steering, "starts_at": at(7)}
    )
    assert second.agenda_items.get().approves_meeting == first


def test_publishing_a_meeting_before_its_minutes_are_approved_is_refused_with_a_message(
    world: Any, client: Any
) -> None:
    meeting = MeetingFactory(body=world.steering, status="agenda_sent")
    client.force_login(world["dave"])
    url = reverse("governance:meeting_publish", args=[meeting.pk])
    response = client.post(url, {"version": meeting.version})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert not meeting.is_published


def test_adding_what_a_decision_changed_links_the_object_chosen(world: Any, client: Any) -> None:
    """The form's "Object" list names objects by key; it answered HTTP 500 (issue 16, item 7)."""
    decision = DecisionFactory(product=world.product, title="Ny leverandør", status="decided")
    earlier = DecisionFactory(product=world.product, title="Udbud af drift", status="decided")
    client.force_login(world["bob"])
    url = reverse("governance:decision_link_add", args=[decision.pk])
    assert "Udbud af drift" in text(client.get(url))

    response = client.post(url, {"target": f"governance.decision:{earlier.pk}", "description": "Erstatter"})

    assert response.status_code == 302, response.content.decode()[:2000]
    (link,) = decision.links.all()
    assert (link.target, link.description) == (earlier, "Erstatter")
    refused = client.post(url, {"target": "governance.nothing:1", "description": "Forkert"})
    assert refused.status_code in (200, 400) and decision.links.count() == 1


def test_routing_a_decision_from_its_page_puts_it_on_the_deciding_bodys_next_agenda(
    world: Any, client: Any
) -> None:
    coordination = f.BodyFactory(kind="coordination", product=world.product, name="Koordinationsgruppen")
    f.MembershipFactory(body=coordination, person=world["dave"].person)
    MandateFactory(
        kind="expenditure", holder_role="", holder_body=coordination, grantor_body=world.steering,
        product=world.product, limit_amount=Decimal("20000"),
    )  # fmt: skip
    meeting = MeetingFactory(body=world.steering, starts_at=at(14), title="Styregruppemøde i juni")
    proposal = governance.save_decision(
        actor=world["dave"],
        fields={"title": "Nyt hosting", "date": datetime.date(2026, 6, 1), "decided_by_body": coordination,
                "kind": "budget", "amount": Decimal("30000")},
    )  # fmt: skip
    client.force_login(world["dave"])
    page = text(client.get(proposal.get_absolute_url()))
    route = reverse("governance:decision_route", args=[proposal.pk])
    assert route in page

    response = client.post(route, {"version": proposal.version}, follow=True)

    assert response.redirect_chain[-1][0] == meeting.get_absolute_url()
    shown = text(response)
    assert "sat på dagsordenen til" in shown and "Nyt hosting" in shown
    assert "Sendt videre til beslutning af Koordinationsgruppen" in shown
