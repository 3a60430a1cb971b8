"""SQL query counts of the outbox page: equal with 5 and 50 messages (no N+1), and at most the
committed baseline in ``query_baselines.json``.

    UPDATE_QUERY_BASELINES=1 PROGRAMKONTOR_TESTING=1 .venv/bin/pytest tests/mail/test_query_counts.py
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from programkontor.mail.models import MessageStatus, OutboxMessage
from tests.performance.support import (
    Baselines,
    assert_constant_queries,
    baseline_completeness_test,
    baselines_fixture,
)

BASELINE_FILE = Path(__file__).with_name("query_baselines.json")
PAGES = {"outbox": "", "outbox_failed": "?status=failed"}
BASELINE_KEYS = {f"{page}|secretariat" for page in PAGES}
STATUSES = [MessageStatus.FAILED, MessageStatus.SENT, MessageStatus.PENDING]

baselines = baselines_fixture(BASELINE_FILE, BASELINE_KEYS)


def _grow_to(world: Any) -> Any:
    def grow(n: int) -> None:
        # Failed ones (with their button) however the page is filtered.
        for i in range(OutboxMessage.objects.count(), n):
            OutboxMessage.objects.create(
                key=f"grow:{i}",
                kind="test",
                to=f"person{i}@example.org",
                subject=f"Besked {i}",
                body_text="x" * 2000,
                status=MessageStatus.FAILED if i % 2 else STATUSES[i % 3],
                attempts=i % 4,
                last_error="451 4.3.0 Mailbox temporarily unavailable" if i % 2 else "",
                user=world["bob"],
                requeued_by=world["alice"],
            )

    return grow


@pytest.mark.parametrize("page", list(PAGES))
def test_the_query_count_of_the_outbox_does_not_grow_with_messages(
    world: Any, baselines: Baselines, page: str
) -> None:
    client = APIClient()
    client.force_login(world["alice"])
    url = reverse("mail:outbox") + PAGES[page]
    assert_constant_queries(client, url, grow=_grow_to(world), key=f"{page}|secretariat", baselines=baselines)


test_every_measured_page_has_a_baseline_and_no_other = baseline_completeness_test(
    BASELINE_FILE, BASELINE_KEYS
)
