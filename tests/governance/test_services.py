"""Governance's services: meetings through their life, decisions and who may decide, mandates."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from programkontor.core import services
from programkontor.governance import services as governance
from programkontor.governance.models import AgendaItem, Decision, Meeting
from tests import factories as f
from tests.governance.factories import AgendaItemFactory, DecisionFactory, MandateFactory, MeetingFactory, at


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The messages are asserted in English (the msgids), whatever the Danish catalogue says."""
    with translation.override("en"):
        yield


def new_meeting(world: Any, actor: Any, days: int = 7) -> Meeting:
    return governance.create_meeting(
        actor=actor, fields={"body": world.steering, "title": "Styregruppemøde", "starts_at": at(days)}
    )


def hold(meeting: Meeting, actor: Any) -> Meeting:
    """Send the agenda, record everyone present, write minutes: ready for approval."""
    governance.add_agenda_item(actor=actor, meeting=meeting, fields={"title": "Status"})
    meeting = governance.transition_meeting(
        meeting, actor=actor, expected_version=meeting.version, target="agenda_sent"
    )
    governance.record_attendance(
        actor=actor, meeting=meeting, statuses={a.pk: ("present", "") for a in meeting.attendances.all()}
    )
    item = meeting.agenda_items.last()
    assert item is not None
    meeting = governance.save_minutes(
        actor=actor,
        meeting=meeting,
        minutes={item.pk: "Godkendt."},
        summary=None,
        expected_version=meeting.version,
    )
    return governance.transition_meeting(
        meeting, actor=actor, expected_version=meeting.version, target="minutes_ready"
    )


def test_a_new_meeting_invites_the_bodys_active_members_and_names_the_chair(world: Any) -> None:
    chair = f.PersonFactory(first_name="Formand", last_name="Testsen")
    f.MembershipFactory(body=world.steering, person=chair, role="chair")
    f.MembershipFactory(
        body=world.steering,
        person=f.PersonFactory(),
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    meeting = new_meeting(world, world["dave"])
    invited = {a.person for a in meeting.attendances.all()}
    assert invited == {world["dave"].person, chair}
    assert meeting.chair == chair
    assert {a.status for a in meeting.attendances.all()} == {"invited"}


def test_members_of_a_body_may_create_its_meetings_others_may_not(world: Any) -> None:
    new_meeting(world, world["dave"])  # a member
    new_meeting(world, world["carol"], days=8)  # the product's coordinator
    with pytest.raises(services.WriteRefused):
        new_meeting(world, world["grace"], days=9)  # another program's manager
    with pytest.raises(services.WriteRefused):
        new_meeting(world, world["erin"], days=10)  # the supplier


def test_the_next_meeting_proposes_approving_the_minutes_by_itself(world: Any) -> None:
    first = hold(new_meeting(world, world["dave"], days=-14), world["dave"])
    second = new_meeting(world, world["dave"], days=-1)
    item = second.agenda_items.first()
    assert item is not None and item.kind == "approval_of_minutes" and item.approves_meeting == first
    assert item.position == 0
    approved = governance.approve_minutes_at(item, actor=world["dave"], publish=True)
    assert approved.status == "minutes_approved"
    assert approved.minutes_approved_at_meeting == second
    assert approved.minutes_approved_on == second.date
    assert approved.is_published
    # A third meeting has nothing left to approve from the first.
    third = new_meeting(world, world["dave"], days=30)
    assert not third.agenda_items.filter(approves_meeting=first).exists()


def test_an_already_planned_next_meeting_gets_the_approval_item_when_minutes_become_ready(world: Any) -> None:
    first = new_meeting(world, world["dave"], days=-14)
    second = new_meeting(world, world["dave"], days=14)
    assert second.agenda_items.filter(approves_meeting=first).count() == 1  # proposed when planned
    AgendaItem.objects.filter(meeting=second).delete()
    hold(first, world["dave"])
    assert second.agenda_items.filter(approves_meeting=first, kind="approval_of_minutes").count() == 1


def test_workflow_rules_refuse_skips_and_incomplete_minutes(world: Any) -> None:
    meeting = new_meeting(world, world["dave"], days=-1)
    with pytest.raises(ValidationError, match="at least one agenda item"):
        governance.transition_meeting(
            meeting, actor=world["dave"], expected_version=meeting.version, target="agenda_sent"
        )
    governance.add_agenda_item(actor=world["dave"], meeting=meeting, fields={"title": "Punkt"})
    meeting = governance.transition_meeting(
        meeting, actor=world["dave"], expected_version=meeting.version, target="agenda_sent"
    )
    assert meeting.agenda_sent_at is not None
    with pytest.raises(ValidationError, match="present, sent apologies or were absent"):
        governance.transition_meeting(
            meeting, actor=world["dave"], expected_version=meeting.version, target="minutes_ready"
        )
    with pytest.raises(ValidationError, match="one step at a time"):
        governance.transition_meeting(
            meeting, actor=world["dave"], expected_version=meeting.version, target="minutes_approved"
        )


def test_minutes_wait_for_their_meeting_and_are_approved_at_one_that_took_place(world: Any) -> None:
    first = hold(new_meeting(world, world["dave"], days=-14), world["dave"])
    second = new_meeting(world, world["dave"], days=14)
    item = second.agenda_items.get(approves_meeting=first)
    with pytest.raises(ValidationError, match="is still to come"):
        governance.approve_minutes_at(item, actor=world["dave"])
    assert Meeting.objects.get(pk=first.pk).status == "minutes_ready"
    with pytest.raises(ValidationError, match="has not taken place yet"):
        hold(second, world["dave"])
    assert Meeting.objects.get(pk=second.pk).status == "agenda_sent"  # the refused step saved nothing


def test_approved_minutes_are_locked(world: Any) -> None:
    meeting = hold(new_meeting(world, world["dave"], days=-3), world["dave"])
    meeting = governance.transition_meeting(
        meeting, actor=world["dave"], expected_version=meeting.version, target="minutes_approved"
    )
    with pytest.raises(ValidationError, match="approved"):
        governance.add_agenda_item(actor=world["dave"], meeting=meeting, fields={"title": "For sent"})
    with pytest.raises(ValidationError, match="approved"):
        governance.record_attendance(actor=world["dave"], meeting=meeting, statuses={})
    with pytest.raises(ValidationError):
        governance.transition_meeting(
            meeting, actor=world["dave"], expected_version=meeting.version, target="minutes_ready"
        )


def test_a_stale_version_changes_nothing(world: Any) -> None:
    meeting = new_meeting(world, world["dave"])
    AgendaItemFactory(meeting=meeting)
    with pytest.raises(services.ConflictError):
        governance.transition_meeting(
            meeting, actor=world["dave"], expected_version=meeting.version - 1, target="agenda_sent"
        )
    meeting.refresh_from_db()
    assert meeting.status == "draft_agenda"


def test_recurring_events_create_meetings_once(world: Any) -> None:
    from tests.governance.factories import CycleEventFactory

    event = CycleEventFactory(
        kind="meeting",
        body=world.steering,
        day=None,
        months=[],
        ordinal=1,
        weekday=3,
        start_time=datetime.time(13),
    )
    until = timezone.localdate() + datetime.timedelta(days=95)
    created = governance.generate_meetings(event, actor=world["dave"], until=until)
    assert 2 <= len(created) <= 4
    assert all(
        timezone.localtime(m.starts_at).weekday() == 3 and timezone.localtime(m.starts_at).hour == 13
        for m in created
    )
    assert governance.generate_meetings(event, actor=world["dave"], until=until) == []


# ------------------------------------------------------------------------------------ decisions


def decided(world: Any, actor: Any, **fields: Any) -> Decision:
    values = {
        "title": "Ny leverandør",
        "date": datetime.date(2026, 6, 1),
        "status": "decided",
        "decided_by_body": world.steering,
        **fields,
    }
    return governance.save_decision(actor=actor, fields=values)


def test_only_the_bodys_decision_makers_set_a_decision_to_decided(world: Any) -> None:
    assert decided(world, world["dave"]).status == "decided"  # a member of the steering group
    for name in ("carol", "bob", "alice"):  # they write the product, but do not decide for the group
        with pytest.raises(ValidationError, match="Only those who decide"):
            decided(world, world[name])
    proposal = governance.save_decision(
        actor=world["carol"],
        fields={"title": "Forslag", "date": datetime.date(2026, 6, 1), "decided_by_body": world.steering},
    )
    assert proposal.status == "proposed" and proposal.product == world.product


def test_a_secretary_of_the_body_does_not_decide(world: Any) -> None:
    secretary = f.UserFactory(username="sekretaer")
    person = f.PersonFactory(user=secretary)
    f.MembershipFactory(body=world.steering, person=person, role="secretary")
    with pytest.raises(ValidationError):
        decided(world, secretary)


def test_role_decisions_are_decided_by_the_role_holder(world: Any) -> None:
    values = {"decided_by_body": None, "product": world.product}
    assert decided(world, world["carol"], decided_by_role="product_coordinator", **values).status == "decided"
    with pytest.raises(ValidationError):
        decided(world, world["bob"], decided_by_role="product_coordinator", title="B", **values)
    assert (
        decided(world, world["bob"], decided_by_role="program_manager", title="C", **values).status
        == "decided"
    )
    association = {"decided_by_body": None, "product": None}
    assert (
        decided(world, world["alice"], decided_by_role="secretariat", title="D", **association).status
        == "decided"
    )


def test_a_decided_decision_supersedes_the_one_it_names(world: Any) -> None:
    old = DecisionFactory(product=world.product, status="decided", decided_by_body=world.steering)
    new = decided(world, world["dave"], supersedes=old)
    old.refresh_from_db()
    assert old.status == "superseded"
    assert old.history.first().history_user == world["dave"]
    assert new.supersedes == old


def test_a_decided_level_change_moves_the_product_to_its_level(world: Any) -> None:
    """The level moves through the decision log: a proposal leaves it, the decision moves it."""
    assert world.product.level == "1"
    level = {"kind": "level_change", "level_from": "1", "level_to": "2", "basis": "Evaluering"}
    proposal = governance.save_decision(
        actor=world["carol"],
        fields={
            "title": "Niveau 2",
            "date": datetime.date(2026, 6, 1),
            "decided_by_body": world.steering,
            **level,
        },
    )
    world.product.refresh_from_db()
    assert proposal.status == "proposed" and world.product.level == "1"
    governance.save_decision(
        actor=world["dave"],
        instance=proposal,
        expected_version=proposal.version,
        fields={"status": "decided"},
    )
    world.product.refresh_from_db()
    assert world.product.level == "2"
    assert world.product.history.first().history_change_reason == "level decided: Niveau 2"
    assert world.product.history.first().history_user == world["dave"]


def test_a_decision_over_its_mandate_is_refused_and_can_be_routed(world: Any) -> None:
    coordination = f.BodyFactory(kind="coordination", product=world.product, name="Koordinationsgruppen")
    f.MembershipFactory(body=coordination, person=world["dave"].person)
    MandateFactory(
        kind="expenditure", holder_role="", holder_body=coordination, grantor_body=world.steering,
        product=world.product, limit_amount=Decimal("20000"),
    )  # fmt: skip
    ok = decided(world, world["dave"], decided_by_body=coordination, kind="budget", amount=Decimal("15000"))
    assert ok.mandate is not None and ok.mandate.limit_amount == Decimal("20000")
    with pytest.raises(ValidationError, match="exceeds the mandate"):
        decided(
            world,
            world["dave"],
            decided_by_body=coordination,
            kind="budget",
            amount=Decimal("30000"),
            title="X",
        )
    proposal = governance.save_decision(
        actor=world["dave"],
        fields={"title": "Stort indkøb", "date": datetime.date(2026, 6, 1), "decided_by_body": coordination,
                "kind": "budget", "amount": Decimal("30000")},
    )  # fmt: skip
    routed = governance.route_for_decision(proposal, actor=world["dave"], expected_version=proposal.version)
    assert routed.decision.decided_by_body == world.steering and routed.decision.status == "proposed"
    assert routed.agenda_item is None  # the steering group has no meeting planned


def test_routing_a_decision_puts_it_on_the_next_open_agenda_of_the_deciding_body(world: Any) -> None:
    coordination = f.BodyFactory(kind="coordination", product=world.product, name="Koordinationsgruppen")
    f.MembershipFactory(body=coordination, person=world["dave"].person)
    MandateFactory(
        kind="expenditure", holder_role="", holder_body=coordination, grantor_body=world.steering,
        product=world.product, limit_amount=Decimal("20000"),
    )  # fmt: skip
    MeetingFactory(body=world.steering, starts_at=at(-7))  # held already
    MeetingFactory(body=world.steering, starts_at=at(10), status="agenda_sent")  # its agenda is out
    later = MeetingFactory(body=world.steering, starts_at=at(40))
    sooner = MeetingFactory(body=world.steering, starts_at=at(20))
    AgendaItemFactory(meeting=sooner, title="Godkendelse af referat", position=1)
    MeetingFactory(body=coordination, starts_at=at(5))  # not the body that decides
    proposal = governance.save_decision(
        actor=world["dave"],
        fields={"title": "Stort indkøb", "date": datetime.date(2026, 6, 1), "decided_by_body": coordination,
                "kind": "budget", "amount": Decimal("30000")},
    )  # fmt: skip

    routed = governance.route_for_decision(proposal, actor=world["dave"], expected_version=proposal.version)

    item = routed.agenda_item
    assert item is not None and item.meeting == sooner and item.meeting != later
    assert (item.title, item.kind, item.position) == ("Stort indkøb", "decision", 2)
    assert "Koordinationsgruppen" in item.description
    decision = Decision.objects.get(pk=proposal.pk)
    assert (decision.meeting, decision.agenda_item, decision.status) == (sooner, item, "proposed")


def test_applicable_mandate_answers_for_other_apps(world: Any) -> None:
    mandate = MandateFactory(
        product=world.product, grantor_body=world.steering, limit_amount=Decimal("25000")
    )
    day = datetime.date(2026, 6, 1)
    within = governance.applicable_mandate(
        product=world.product,
        holder_role="product_coordinator",
        kind="invoice_approval",
        amount=Decimal("18000"),
        on=day,
    )
    assert within.within and within.mandate == mandate and within.remaining == Decimal("7000")
    assert within.message.startswith("Within the mandate")
    over = governance.applicable_mandate(
        product=world.product,
        holder_role="product_coordinator",
        kind="invoice_approval",
        amount=Decimal("30000"),
        on=day,
    )
    assert not over.within and over.mandate == mandate and over.route_to == world.steering
    none = governance.applicable_mandate(
        product=world.product, holder_role="product_owner", kind="invoice_approval", on=day
    )
    assert none.mandate is None and none.route_to == world.steering
    with pytest.raises(PermissionDenied):
        governance.require_mandate(
            product=world.product, holder_role="product_owner", kind="invoice_approval", on=day
        )
    with pytest.raises(ValueError, match="holder"):
        governance.applicable_mandate(product=world.product, kind="invoice_approval", on=day)


def test_meeting_factory_meetings_round_trip_through_the_model(world: Any) -> None:
    meeting = MeetingFactory(body=world.steering)
    assert str(meeting).startswith("Styregruppemøde")
    meeting.ends_at = meeting.starts_at - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError):
        meeting.full_clean()
