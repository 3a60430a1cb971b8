"""The governance demo loads on the demo portfolio, gives every page something, and is idempotent."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from programkontor.governance.models import CycleEvent, Decision, Mandate, Meeting


@pytest.mark.django_db
def test_the_demo_has_meetings_decisions_mandates_and_the_annual_cycle(settings: Any) -> None:
    settings.PROGRAMKONTOR_DEMO_ALLOWED = True
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "Styring" in out.getvalue()
    assert Meeting.objects.filter(status="minutes_approved", is_published=True).exists()
    assert Meeting.objects.filter(status="draft_agenda", agenda_items__kind="approval_of_minutes").exists()
    assert (
        Decision.objects.filter(record_type="strategic").exists()
        and Decision.objects.filter(record_type="operational").exists()
    )
    assert Decision.objects.filter(kind="level_change", is_published=True, status="decided").count() >= 2
    assert Decision.objects.filter(status="ratification_pending").exists()
    assert Decision.objects.filter(status="superseded").exists()
    assert Mandate.objects.filter(holder_role="product_coordinator").exists()
    assert (
        CycleEvent.objects.filter(product__isnull=True, program__isnull=True, is_published=True).count() >= 2
    )
    counts = (
        Meeting.objects.count(),
        Decision.objects.count(),
        Mandate.objects.count(),
        CycleEvent.objects.count(),
    )
    call_command("demo", stdout=io.StringIO())
    assert (
        Meeting.objects.count(),
        Decision.objects.count(),
        Mandate.objects.count(),
        CycleEvent.objects.count(),
    ) == counts
    call_command("demo", "--reset", stdout=io.StringIO())
    assert (
        Meeting.objects.count(),
        Decision.objects.count(),
        Mandate.objects.count(),
        CycleEvent.objects.count(),
    ) == counts
