"""factory_boy factories for the dialogue log, and the entry of the shared test world."""

from __future__ import annotations

import datetime
from typing import Any, cast

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from factory.django import DjangoModelFactory

from programkontor.dialogue.models import Comment, Entry, FollowUp


class EntryFactory(DjangoModelFactory):
    class Meta:
        model = Entry

    kind = "call"
    party = "supplier"
    date = factory.LazyFunction(timezone.localdate)
    title = factory.Sequence(lambda n: f"Samtale {n}")
    summary = "Vi talte om **leverancerne**."


class FollowUpFactory(DjangoModelFactory):
    class Meta:
        model = FollowUp

    entry = factory.SubFactory(EntryFactory)
    text = factory.Sequence(lambda n: f"Opfølgning {n}")
    owner = factory.SubFactory("tests.factories.PersonFactory")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))


def entry_world(w: Any) -> Entry:
    """A call with erin's supplier about OS2alpha, logged by alice, with a follow-up owned by dave (a
    steering-group member, who may mark it done but not change the entry); made once per test."""
    existing = getattr(w, "_entry", None)
    if existing is not None:
        return cast("Entry", existing)
    entry = EntryFactory(product=w.product, title="Opkald med Leverandør ApS", author=w["alice"])
    entry.organisations.add(w.supplier)
    FollowUpFactory(entry=entry, owner=w["dave"].person, text="Send referatet til styregruppen")
    w._entry = entry
    return entry


def follow_up_world(w: Any) -> FollowUp:
    follow_up: FollowUp = entry_world(w).follow_ups.get()
    return follow_up


def risk_world(w: Any) -> Any:
    """A risk on OS2alpha (read by its internal readers: alice, bob, carol, dave, frank)."""
    from tests.planning.factories import RiskFactory

    existing = getattr(w, "_risk", None)
    if existing is None:
        existing = w._risk = RiskFactory(product=w.product, title="Leverandøren når det ikke")
    return existing


def comment_world(w: Any) -> Comment:
    """carol's comment on the world's risk, mentioning dave; made once per test."""
    existing = getattr(w, "_comment", None)
    if existing is not None:
        return cast("Comment", existing)
    risk = risk_world(w)
    comment = Comment.objects.create(
        content_type=ContentType.objects.get_for_model(risk),
        object_id=risk.pk,
        author=w["carol"],
        text="Hvad siger @dave?",
    )
    w._comment = comment
    return comment
