"""Jens, a former steering-group member with data in every registered place, and Ole beside him."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from programkontor.accounts.models import ApiToken, hash_token
from programkontor.core import services
from programkontor.mail.models import OutboxMessage
from programkontor.privacy.models import PersonalDataBasis
from tests import factories as f
from tests.governance.factories import AgendaItemFactory, AttendanceFactory, DecisionFactory, MeetingFactory


@dataclass
class Former:
    person: Any
    user: Any
    other: Any
    meeting: Any
    guest_meeting: Any
    item: Any
    decision: Any
    mail: Any
    other_mail: Any


def _person(first: str, last: str, username: str, world: Any) -> tuple[Any, Any]:
    user = f.UserFactory(username=username, first_name=first, last_name=last, email=f"{username}@example.org")
    person = f.PersonFactory(
        first_name=first,
        last_name=last,
        email=f"{username}@kommune.dk",
        phone="12 34 56 78",
        user=user,
        notes=f"{first} ringer helst om formiddagen.",
        organisation=world.municipality,
    )
    # A change, so the history holds the old phone number as well.
    services.update(
        person, actor=world["alice"], expected_version=person.version, changes={"phone": "87 65 43 21"}
    )
    f.MembershipFactory(
        person=person, body=world.steering, end_date=timezone.localdate() - datetime.timedelta(days=1000)
    )
    ApiToken.objects.create(user=user, name="Script", digest=hash_token(username), hint="pk_abc")
    AccessAttempt.objects.create(
        username=username,
        ip_address="10.0.0.1",
        user_agent="x",
        failures_since_start=1,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/login/",
    )
    PersonalDataBasis.objects.create(person=person, lawful_basis="public_task", source=f"{first}s kommune")
    return person, user


@pytest.fixture
def former(world: Any) -> Former:
    person, user = _person("Jens", "Hansen", "jens", world)
    other, _ = _person("Ole", "Olsen", "ole", world)
    meeting = MeetingFactory(
        body=world.steering, chair=person, starts_at=timezone.now() - datetime.timedelta(days=900)
    )
    AttendanceFactory(meeting=meeting, person=person, status="present")
    AttendanceFactory(meeting=meeting, person=other, status="present")
    guest_meeting = MeetingFactory(body=world.steering, minutes_summary="Jens Hansen deltog som gæst.")
    AttendanceFactory(meeting=guest_meeting, person=None, name="Jens Hansen", is_guest=True)
    AttendanceFactory(meeting=guest_meeting, person=None, name="Ole Olsen", is_guest=True)
    item = AgendaItemFactory(meeting=meeting, owner=person, title="Status")
    services.update(
        item,
        actor=world["alice"],
        expected_version=item.version,
        changes={"minutes": "Jens Hansen fremlagde status; Ole Olsen spurgte til økonomien."},
    )
    decision = DecisionFactory(
        product=world.product,
        title="Ny hosting",
        decision="Foreslået af Jens Hansen (jens@kommune.dk).",
        status="decided",
    )
    mail = OutboxMessage.objects.create(
        key="jens-1",
        kind="invitation",
        to="jens@kommune.dk",
        user=user,
        subject="Indkaldelse",
        body_text="Kære Jens Hansen, du er inviteret.",
    )
    other_mail = OutboxMessage.objects.create(
        key="ole-1",
        kind="invitation",
        to="ole@kommune.dk",
        subject="Indkaldelse",
        body_text="Kære Ole Olsen.",
    )
    from programkontor.evaluation.models import Catalogue, Evaluation
    from tests.evaluation.factories import evaluation

    made = evaluation(world.product, Catalogue.objects.get(is_current=True))
    Evaluation.objects.filter(pk=made.pk).update(evaluator="Jens Hansen, sekretariatet")
    return Former(person, user, other, meeting, guest_meeting, item, decision, mail, other_mail)
