"""Erasure on request: the person is anonymised everywhere, history included, and the records they
took part in stay whole; refused while they hold a role; nothing half-done."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from programkontor.accounts.models import ApiToken, User
from programkontor.governance.models import AgendaItem, Attendance, Decision, Meeting
from programkontor.mail.models import OutboxMessage
from programkontor.portfolio.models import Membership, Person
from programkontor.privacy import services
from programkontor.privacy.models import Erasure, PersonalDataBasis
from tests import factories as f
from tests.privacy.conftest import Former


def _historical_text(model: Any, **filters: Any) -> str:
    return " ".join(str(row) for row in model.history.filter(**filters).values())


def test_it_anonymises_the_person_and_the_user(world: Any, former: Former) -> None:
    erasure = services.erase_person(actor=world["alice"], person_id=former.person.pk)

    person = Person.objects.get(pk=former.person.pk)
    label = f"Anonymiseret person #{person.pk}"
    assert person.full_name == label
    assert (person.email, person.phone, person.notes, person.title) == ("", "", "", "")
    user = User.objects.get(pk=former.user.pk)
    assert (user.username, user.email, user.is_active) == (f"anonymiseret-{person.pk}", "", False)
    assert not user.has_usable_password()
    assert not ApiToken.objects.filter(user=user).exists()
    assert not AccessAttempt.objects.filter(username="jens").exists()
    assert not PersonalDataBasis.objects.filter(person=person).exists()
    assert not PersonalDataBasis.history.filter(person_id=person.pk).exists()
    assert erasure.erased_by == world["alice"]
    assert erasure.counts["portfolio.person (history)"] >= 2
    assert "Jens" not in str(erasure.counts)


def test_it_anonymises_the_history_too(world: Any, former: Former) -> None:
    services.erase_person(actor=world["alice"], person_id=former.person.pk)

    people = _historical_text(Person, id=former.person.pk)
    assert "Jens" not in people and "Hansen" not in people
    assert "12 34 56 78" not in people and "87 65 43 21" not in people and "kommune.dk" not in people
    last = Person.history.filter(id=former.person.pk).latest("history_date")
    assert last.history_user == world["alice"]
    assert last.history_change_reason == "Personoplysninger slettet efter anmodning"
    assert "Jens" not in _historical_text(AgendaItem, id=former.item.pk)
    assert "Jens" not in _historical_text(Decision, id=former.decision.pk)
    assert "Jens" not in _historical_text(Attendance, meeting=former.guest_meeting)
    assert "Jens" not in _historical_text(Meeting, id=former.guest_meeting.pk)


def test_it_replaces_the_name_where_it_is_written_and_keeps_the_records(world: Any, former: Former) -> None:
    label = f"Anonymiseret person #{former.person.pk}"
    services.erase_person(actor=world["alice"], person_id=former.person.pk)

    item = AgendaItem.objects.get(pk=former.item.pk)
    assert item.minutes == f"{label} fremlagde status; Ole Olsen spurgte til økonomien."
    assert item.owner_id == former.person.pk
    decision = Decision.objects.get(pk=former.decision.pk)
    assert decision.decision == f"Foreslået af {label} ({label})."
    assert Meeting.objects.get(pk=former.guest_meeting.pk).minutes_summary == f"{label} deltog som gæst."
    guests = sorted(Attendance.objects.filter(meeting=former.guest_meeting).values_list("name", flat=True))
    assert guests == [label, "Ole Olsen"]
    assert Meeting.objects.get(pk=former.meeting.pk).chair_id == former.person.pk
    assert Attendance.objects.filter(meeting=former.meeting, status="present").count() == 2
    assert Membership.objects.filter(person=former.person).count() == 1
    from programkontor.evaluation.models import Evaluation

    assert Evaluation.objects.get().evaluator == f"{label}, sekretariatet"
    mail = OutboxMessage.objects.get(pk=former.mail.pk)
    assert (mail.to, mail.body_text) == ("", f"Kære {label}, du er inviteret.")


def test_other_people_are_untouched(world: Any, former: Former) -> None:
    services.erase_person(actor=world["alice"], person_id=former.person.pk)

    ole = Person.objects.get(pk=former.other.pk)
    assert (ole.full_name, ole.email, ole.phone) == ("Ole Olsen", "ole@kommune.dk", "87 65 43 21")
    assert "12 34 56 78" in _historical_text(Person, id=ole.pk)
    assert User.objects.get(username="ole").is_active
    assert ApiToken.objects.filter(user__username="ole").exists()
    assert AccessAttempt.objects.filter(username="ole").exists()
    assert OutboxMessage.objects.get(pk=former.other_mail.pk).to == "ole@kommune.dk"
    assert PersonalDataBasis.objects.filter(person=ole).exists()


def test_the_records_they_took_part_in_still_render(world: Any, former: Former, client: Any) -> None:
    from tests.economy.factories import economy_of

    invoice = economy_of(world).checked
    type(invoice).objects.filter(pk=invoice.pk).update(approved_by=former.user, status="approved")
    services.erase_person(actor=world["alice"], person_id=former.person.pk)
    label = f"Anonymiseret person #{former.person.pk}"
    client.force_login(world["alice"])

    meeting_page = client.get(
        reverse("governance:meeting_detail", kwargs={"pk": former.meeting.pk})
    ).content.decode()
    assert label in meeting_page and "Jens" not in meeting_page
    invoice_page = client.get(
        reverse("economy:received_invoice_detail", kwargs={"pk": invoice.pk})
    ).content.decode()
    assert f"Godkendt: {label}" in invoice_page
    assert type(invoice).objects.filter(approved_by=former.user).count() == 1
    decision_page = client.get(reverse("governance:decision_detail", kwargs={"pk": former.decision.pk}))
    assert label in decision_page.content.decode()


def test_it_is_refused_while_the_person_holds_a_role(world: Any, former: Former) -> None:
    f.RoleAssignmentFactory(person=former.person, role="product_coordinator", product=world.product)
    Membership.objects.filter(person=former.person).update(end_date=None)

    with pytest.raises(services.ErasureRefused) as refused:
        services.erase_person(actor=world["alice"], person_id=former.person.pk)

    assert refused.value.held == ["Produktkoordinator for OS2alpha", "Medlem i Styregruppen for OS2alpha"]
    message = " ".join(refused.value.messages)
    assert "Jens Hansen" in message and "OS2alpha" in message and "Styregruppen for OS2alpha" in message
    assert Person.objects.get(pk=former.person.pk).full_name == "Jens Hansen"
    assert not Erasure.objects.exists()


def test_a_membership_ended_yesterday_does_not_hold_it_back(world: Any, former: Former) -> None:
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    Membership.objects.filter(person=former.person).update(end_date=yesterday)
    services.erase_person(actor=world["alice"], person_id=former.person.pk)
    assert Person.objects.get(pk=former.person.pk).first_name == "Anonymiseret"


def test_nothing_is_half_done_when_a_step_fails(world: Any, former: Former, monkeypatch: Any) -> None:
    from programkontor.core import search

    calls = []

    def fail_late(model: Any, objects: Any) -> None:
        calls.append(model)
        if len(calls) == 3:
            raise RuntimeError("disk full")

    monkeypatch.setattr(search, "index_objects", fail_late)
    with pytest.raises(RuntimeError):
        services.erase_person(actor=world["alice"], person_id=former.person.pk)

    assert Person.objects.get(pk=former.person.pk).full_name == "Jens Hansen"
    assert "Jens Hansen" in AgendaItem.objects.get(pk=former.item.pk).minutes
    assert ApiToken.objects.filter(user=former.user).exists()
    assert User.objects.get(pk=former.user.pk).is_active
    assert not Erasure.objects.exists()


def test_the_secretariat_cannot_be_erased_nor_oneself(world: Any) -> None:
    alice = Person.objects.get(user=world["alice"])
    with pytest.raises(services.ErasureRefused, match="Du kan ikke slette dig selv"):
        services.erase_person(actor=world["alice"], person_id=alice.pk)
    with pytest.raises(services.ErasureRefused, match="sekretariat"):
        services.erase_person(actor=None, person_id=alice.pk)
