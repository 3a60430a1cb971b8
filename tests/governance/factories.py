"""Factories for governance's tests. Every person and text is fictitious."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from programkontor.governance.models import (
    AgendaItem,
    Attendance,
    CycleEvent,
    Decision,
    Mandate,
    Meeting,
)
from tests import factories as f

TZ = timezone.get_fixed_timezone(60)


def at(days: int, hour: int = 13) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(f.BodyFactory)
    title = "Styregruppemøde"
    starts_at = factory.LazyFunction(lambda: at(7))
    location = "Rådhuset"


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Punkt {n}")
    description = "Oplæg ved produktkoordinatoren."


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(f.PersonFactory)


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    date = datetime.date(2026, 5, 15)
    title = factory.Sequence(lambda n: f"Beslutning {n}")
    record_type = "operational"
    status = "proposed"


class MandateFactory(DjangoModelFactory):
    class Meta:
        model = Mandate

    title = factory.Sequence(lambda n: f"Mandat {n}")
    kind = "invoice_approval"
    holder_role = "product_coordinator"
    limit_amount = Decimal("25000")
    valid_from = datetime.date(2020, 1, 1)


class CycleEventFactory(DjangoModelFactory):
    class Meta:
        model = CycleEvent

    title = factory.Sequence(lambda n: f"Begivenhed {n}")
    kind = "self_evaluation"
    day = 1
    months = [3, 9]
    valid_from = datetime.date(2020, 1, 1)
