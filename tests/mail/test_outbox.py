"""The outbox: a message is written once per key, sent once, retried after a failure with the error
recorded, given up after the last attempt, and sent again by the secretariat — through a real SMTP
server (tests/mail/smtp.py)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from programkontor.mail import services
from programkontor.mail.compose import Mail
from programkontor.mail.models import MessageStatus, OutboxMessage
from tests.mail.smtp import Inbox

HELLO = Mail(subject="Goddag", text="Goddag, Bob.\n", html="<p>Goddag, Bob.</p>")


def _queue(key: str = "test:1", to: str = "bob@example.org") -> OutboxMessage | None:
    return services.queue(kind="test", key=key, to=to, mail=HELLO)


def test_a_message_queued_twice_is_written_and_sent_once(db: Any, smtp: Inbox) -> None:
    assert _queue() is not None
    assert _queue() is None  # the same key: nothing new
    assert services.deliver_due().sent == 1
    assert services.deliver_due().sent == 0
    [message] = smtp.messages
    assert (message["Subject"], message["To"], message["From"]) == (
        "Goddag",
        "bob@example.org",
        "programkontor@os2.example",
    )
    assert Inbox.text(message).strip() == "Goddag, Bob."
    assert "<p>Goddag, Bob.</p>" in Inbox.html(message)
    stored = OutboxMessage.objects.get()
    assert (stored.status, stored.attempts, stored.last_error) == (MessageStatus.SENT, 1, "")
    assert stored.sent_at is not None


def test_a_refused_message_is_retried_later_and_the_error_is_recorded(db: Any, smtp: Inbox) -> None:
    _queue()
    smtp.refuse = True
    now = timezone.now()
    outcome = services.deliver_due(now=now)
    assert (outcome.sent, outcome.failed, outcome.given_up) == (0, 1, 0)
    stored = OutboxMessage.objects.get()
    assert stored.status == MessageStatus.PENDING
    assert stored.attempts == 1
    assert "451" in stored.last_error and "temporarily unavailable" in stored.last_error
    assert stored.next_attempt_at > now + datetime.timedelta(seconds=50)
    # Not yet due: a sender running now leaves it alone.
    smtp.refuse = False
    assert services.deliver_due(now=now).sent == 0
    assert smtp.messages == []
    # A minute later it goes.
    assert services.deliver_due(now=now + datetime.timedelta(minutes=2)).sent == 1
    assert len(smtp.messages) == 1
    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == (MessageStatus.SENT, 2)


def test_when_the_server_cannot_be_reached_the_rest_wait_for_the_next_run(
    db: Any, smtp: Inbox, settings: Any
) -> None:
    _queue("test:1")
    _queue("test:2", to="carol@example.org")
    settings.EMAIL_PORT = 1  # nothing listens there
    outcome = services.deliver_due()
    assert (outcome.sent, outcome.failed) == (0, 1)
    first, second = OutboxMessage.objects.order_by("pk")
    assert first.attempts == 1 and "Connection refused" in first.last_error
    assert (second.attempts, second.last_error, second.status) == (0, "", MessageStatus.PENDING)


def test_with_the_database_queue_the_worker_is_asked_to_retry_when_the_pause_is_over(
    db: Any, smtp: Inbox, settings: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _queue()
    smtp.refuse = True
    services.deliver_due()
    stored = OutboxMessage.objects.get()
    [retry] = DBTaskResult.objects.filter(task_path__endswith="deliver_outbox")
    assert retry.run_after == stored.next_attempt_at


def test_the_pause_grows_with_each_failed_attempt() -> None:
    pauses = [services.backoff(n) for n in range(1, 8)]
    assert pauses == sorted(pauses)
    assert pauses[0] == datetime.timedelta(minutes=1)
    assert pauses[-1] == datetime.timedelta(days=1)


def test_after_the_last_attempt_it_waits_for_the_secretariat_to_send_it_again(
    world: Any, smtp: Inbox, settings: Any
) -> None:
    settings.PROGRAMKONTOR_MAIL_MAX_ATTEMPTS = 2
    _queue(to="carol@example.org")
    smtp.refuse = True
    later = timezone.now()
    for _attempt in range(3):
        services.deliver_due(now=later)
        later += datetime.timedelta(hours=1)
    stored = OutboxMessage.objects.get()
    assert (stored.status, stored.attempts) == (MessageStatus.FAILED, 2)

    client = Client()
    client.force_login(world["alice"])
    row = f'id="message-{stored.pk}"'
    page = client.get(reverse("mail:outbox"), {"status": "failed"}).content.decode()
    shown = page[page.index(row) : page.index("</tr>", page.index(row))]
    assert "carol@example.org" in shown and "Mislykkedes" in shown and "451" in shown
    assert "Send igen" in shown
    assert row not in client.get(reverse("mail:outbox"), {"status": "sent"}).content.decode()

    smtp.refuse = False
    response = client.post(reverse("mail:send_again", args=[stored.pk]))
    assert response.status_code == 302
    stored.refresh_from_db()
    assert (stored.status, stored.attempts, stored.requeued_by) == (MessageStatus.PENDING, 0, world["alice"])
    assert services.deliver_due().sent == 1
    assert [m["To"] for m in smtp.messages] == ["carol@example.org"]
    # Sent now: it cannot be sent again.
    client.post(reverse("mail:send_again", args=[stored.pk]))
    assert services.deliver_due().sent == 0
    assert len(smtp.messages) == 1


def test_send_outbox_sends_what_is_due_from_the_command_line(db: Any, smtp: Inbox, capsys: Any) -> None:
    _queue("test:1")
    _queue("test:2", to="carol@example.org")
    call_command("send_outbox")
    assert "sent 2, failed 0" in capsys.readouterr().out
    assert sorted(str(m["To"]) for m in smtp.messages) == ["bob@example.org", "carol@example.org"]


def test_a_message_is_sent_by_the_job_queue_when_the_change_commits(
    db: Any, smtp: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _queue("test:1")
        _queue("test:2", to="carol@example.org")
    assert len(callbacks) == 1  # one delivery for the transaction, however many messages
    assert len(smtp.messages) == 2
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
