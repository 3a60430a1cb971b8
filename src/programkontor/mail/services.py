"""Every write of the outbox: queueing a message (once per key), delivering what is due (with retries
and a growing pause), sending a failed one again, and the user's digest choice.

A message is written to the outbox in the transaction of the change that causes it (an agenda sent,
an invoice checked) and sent after that transaction commits — by the job queue at once, and by
``programkontor send_outbox`` (cron) for what is left or must be retried. Nothing is sent twice: the
key is unique, and a message is claimed before it is sent.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import socket
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from programkontor.mail.compose import Mail
from programkontor.mail.models import DigestChoice, DigestFrequency, MessageStatus, OutboxMessage

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser

log = logging.getLogger(__name__)

#: Minutes to wait after the n-th failed attempt (then a day, until MAIL_MAX_ATTEMPTS).
BACKOFF_MINUTES = (1, 5, 30, 120, 720)
#: How long a claimed message is left alone by other senders while it is being sent.
CLAIM = datetime.timedelta(minutes=10)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str
    mimetype: str


def backoff(attempts: int) -> datetime.timedelta:
    """The pause after ``attempts`` failed attempts."""
    index = max(attempts, 1) - 1
    return datetime.timedelta(minutes=BACKOFF_MINUTES[index] if index < len(BACKOFF_MINUTES) else 1440)


_silenced: ContextVar[bool] = ContextVar("mail_silenced", default=False)


@contextmanager
def silenced() -> Iterator[None]:
    """Write no mail while inside: for data that tells what happened before (the demo portfolio), not
    for events anyone should be told about now."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def queue(
    *,
    kind: str,
    key: str,
    to: str,
    mail: Mail,
    user: AnyUser | None = None,
    attachments: Iterable[Attachment] = (),
) -> OutboxMessage | None:
    """Write one message to the outbox, unless a message with ``key`` was written before (then None).

    It is sent after the current transaction commits (nothing is sent for a change rolled back).
    """
    if not to or _silenced.get():
        return None
    with transaction.atomic():
        message, created = OutboxMessage.objects.get_or_create(
            key=key[:300],
            defaults={
                "kind": kind,
                "to": to,
                "user_id": _signed_in_id(user),
                "subject": mail.subject,
                "body_text": mail.text,
                "body_html": mail.html,
                "attachments": [
                    {"filename": a.filename, "content": a.content, "mimetype": a.mimetype}
                    for a in attachments
                ],
            },
        )
        if created:
            _schedule_delivery()
    return message if created else None


def _enqueue_delivery() -> None:
    try:
        deliver_outbox.enqueue()
    except Exception:  # the queue is down: send_outbox (cron) sends it later
        log.exception("Could not queue the delivery of the outbox")


def _schedule_delivery() -> None:
    """One delivery after the commit, however many messages the transaction queued."""
    if any(entry[1] is _enqueue_delivery for entry in connection.run_on_commit):
        return
    transaction.on_commit(_enqueue_delivery)


@task()
def deliver_outbox() -> None:
    """The job queue's task: send what is due."""
    deliver_due()


@dataclass(frozen=True)
class Delivery:
    sent: int
    failed: int
    given_up: int


def _email(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={"Auto-Submitted": "auto-generated"},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return email


def deliver_due(*, now: datetime.datetime | None = None, limit: int = 200) -> Delivery:
    """Send the pending messages whose time has come, oldest first; record each outcome."""
    now = now or timezone.now()
    due = list(
        OutboxMessage.objects.filter(status=MessageStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    sent = failed = given_up = 0
    if not due:
        return Delivery(0, 0, 0)
    smtp = get_connection(fail_silently=False)
    try:
        for pk in due:
            # Claim it: another sender running now leaves it alone.
            claimed = OutboxMessage.objects.filter(
                pk=pk, status=MessageStatus.PENDING, next_attempt_at__lte=now
            ).update(next_attempt_at=now + CLAIM)
            if not claimed:
                continue
            message = OutboxMessage.objects.get(pk=pk)
            try:
                _send(message, smtp)
            except Exception as exc:  # any failure of the mail server is recorded on the message
                attempts = message.attempts + 1
                gives_up = attempts >= settings.PROGRAMKONTOR_MAIL_MAX_ATTEMPTS
                OutboxMessage.objects.filter(pk=pk).update(
                    attempts=attempts,
                    last_error=f"{type(exc).__name__}: {exc}"[:2000],
                    status=MessageStatus.FAILED if gives_up else MessageStatus.PENDING,
                    next_attempt_at=timezone.now() + backoff(attempts),
                )
                log.warning("Mail %s to %s failed (attempt %s): %s", pk, message.to, attempts, exc)
                failed += 1
                given_up += gives_up
                if _server_unreachable(exc):
                    break  # the rest wait for the next run, their attempts untouched
                continue
            OutboxMessage.objects.filter(pk=pk).update(
                attempts=message.attempts + 1, status=MessageStatus.SENT, sent_at=timezone.now()
            )
            sent += 1
    finally:
        try:
            smtp.close()
        except Exception:  # closing a broken connection: nothing more to do
            log.debug("Closing the mail connection failed", exc_info=True)
    if failed > given_up:
        _schedule_retry()
    return Delivery(sent, failed, given_up)


def _schedule_retry() -> None:
    """Ask the worker to run again when the earliest retry is due (a queue that can wait: the
    database queue; without one, ``send_outbox`` from cron retries)."""
    at = (
        OutboxMessage.objects.filter(status=MessageStatus.PENDING)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if at is None or not deliver_outbox.get_backend().supports_defer:
        return
    try:
        deliver_outbox.using(run_after=at).enqueue()
    except Exception:  # the queue is down: send_outbox (cron) retries
        log.exception("Could not queue the retry of the outbox")


def _server_unreachable(exc: Exception) -> bool:
    """The mail server cannot be reached at all (not: it refused one message)."""
    return isinstance(
        exc,
        (
            ConnectionError,
            TimeoutError,
            socket.gaierror,
            smtplib.SMTPConnectError,
            smtplib.SMTPServerDisconnected,
        ),
    )


def _send(message: OutboxMessage, smtp: BaseEmailBackend) -> None:
    email = _email(message)
    email.connection = smtp
    email.send(fail_silently=False)


def send_again(*, actor: AnyUser, message: OutboxMessage) -> OutboxMessage:
    """A failed message (given up) goes back to the queue with a fresh count of attempts."""
    with transaction.atomic():
        locked = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        if locked.status != MessageStatus.FAILED:
            raise ValidationError(_("Only a message that failed can be sent again."))
        locked.status = MessageStatus.PENDING
        locked.attempts = 0
        locked.next_attempt_at = timezone.now()
        locked.requeued_by_id = _signed_in_id(actor)
        locked.save(update_fields=["status", "attempts", "next_attempt_at", "requeued_by"])
        _schedule_delivery()
    return locked


def _signed_in_id(user: AnyUser | None) -> int | None:
    return int(user.pk) if user is not None and user.is_authenticated else None


def _user_id(user: AnyUser) -> int:
    pk = user.pk
    if pk is None:
        raise ValueError("Only a signed-in user chooses a digest.")
    return int(pk)


def digest_frequency(user: AnyUser) -> str:
    choice = DigestChoice.objects.filter(user_id=_user_id(user)).values_list("frequency", flat=True).first()
    return choice or DigestFrequency.WEEKLY.value


def set_digest(*, user: AnyUser, frequency: str) -> DigestChoice:
    """The user's own choice of digest (daily, weekly or off)."""
    if frequency not in DigestFrequency.values:
        raise ValidationError({"frequency": _("Choose every morning, every Monday morning or never.")})
    choice, _created = DigestChoice.objects.update_or_create(
        user_id=_user_id(user), defaults={"frequency": frequency}
    )
    return choice


def frequencies(users: Iterable[AnyUser]) -> Mapping[int, str]:
    ids = [_user_id(user) for user in users]
    return dict(DigestChoice.objects.filter(user_id__in=ids).values_list("user_id", "frequency"))
