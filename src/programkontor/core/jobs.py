"""Background jobs: long work runs in a worker process, not inside the web request.

A repository check of a large repository, an import of many reports, the public site: each is a
*job kind* that an app registers (``register_job``) — a function ``(job, progress) -> result URL``
that reads its arguments from ``job.arguments`` and reports how far it has come with
``progress(done, total, message)``. ``start_job`` creates the :class:`~programkontor.core.models.Job`
row and queues it; the job's page (``core:job_detail``) shows the progress (htmx polls it) and,
when it is done, the link to the result.

The queue is django-tasks (the reference implementation of Django's task framework, which Django
6.0 ships as ``django.tasks``) with its database backend (django-tasks-db): the queue is a table in
the application's own database, SQLite or PostgreSQL, and the worker is ``programkontor
db_worker`` — no other server to run. With ``JOBS_INLINE`` (the default in development and tests)
a job runs at once, inside the request that starts it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from programkontor.core.models import Job, JobStatus

log = logging.getLogger(__name__)


class Progress(Protocol):
    def __call__(self, done: int, total: int, message: str = "") -> None: ...


#: ``(job, progress) -> the URL of the result (or "")``; raising marks the job failed with the message.
JobFunction = Callable[[Job, Progress], str]

_kinds: dict[str, JobFunction] = {}


def register_job(kind: str) -> Callable[[JobFunction], JobFunction]:
    """Register the function that does the work of jobs of ``kind`` (from an app's ``ready()``)."""

    def decorator(function: JobFunction) -> JobFunction:
        _kinds[kind] = function
        return function

    return decorator


def start_job(*, kind: str, title: str, owner: Any, arguments: Mapping[str, Any]) -> Job:
    """Create the job and queue it (in the same transaction: the worker sees both or neither)."""
    if kind not in _kinds:
        raise ValueError(f"No job kind {kind!r} is registered.")
    user = owner if getattr(owner, "is_authenticated", False) else None
    with transaction.atomic():
        job = Job.objects.create(kind=kind, title=title[:300], owner=user, arguments=dict(arguments))
        run_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


def _reporter(job: Job) -> Progress:
    def progress(done: int, total: int, message: str = "") -> None:
        Job.objects.filter(pk=job.pk).update(done=max(done, 0), total=max(total, 0), message=message[:300])

    return progress


@task()
def run_job(job_id: int) -> None:
    """The task the worker runs: do the job's work and record how it ended."""
    job = Job.objects.get(pk=job_id)
    if job.status != JobStatus.QUEUED:
        return  # already run (a retried task)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    try:
        result_url = _kinds[job.kind](job, _reporter(job))
    except Exception as exc:  # the job's own error, shown on its page; the worker goes on
        log.exception("Job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, error=str(exc)[:2000] or type(exc).__name__, finished_at=timezone.now()
        )
        return
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, result_url=result_url or "", finished_at=timezone.now()
    )
