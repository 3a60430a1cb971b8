"""Background jobs: queued in the database, run by the worker (or at once in development), with
their progress on a page only their owner and the secretariat can open."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from programkontor.core.jobs import Progress, register_job, start_job
from programkontor.core.models import Job, JobStatus


@register_job("test.count")
def count_job(job: Job, progress: Progress) -> str:
    total = int(job.arguments["to"])
    for done in range(1, total + 1):
        progress(done, total, f"Talt til {done}")
    return "/resultat/"


@register_job("test.fail")
def failing_job(job: Job, progress: Progress) -> str:
    progress(1, 3, "Halvvejs")
    raise ValueError("Filen kunne ikke læses.")


def test_a_job_started_in_development_runs_at_once_and_its_page_shows_the_result(
    world: Any, client: Any
) -> None:
    job = start_job(kind="test.count", title="Tælling", owner=world["carol"], arguments={"to": 3})

    assert (job.status, job.done, job.total, job.message) == (JobStatus.DONE, 3, 3, "Talt til 3")
    client.force_login(world["carol"])
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Tælling" in page
    assert 'href="/resultat/"' in page
    main = page[page.index("<main") : page.index("</main>")]  # (the header's badge loads by itself)
    assert "hx-trigger" not in main  # finished: nothing to poll


def test_a_failing_job_is_marked_failed_with_its_reason(world: Any, client: Any) -> None:
    job = start_job(kind="test.fail", title="Import", owner=world["carol"], arguments={})

    assert job.status == JobStatus.FAILED
    assert job.error == "Filen kunne ikke læses."
    client.force_login(world["carol"])
    assert "Filen kunne ikke læses." in client.get(job.get_absolute_url()).content.decode()


@pytest.mark.parametrize(("who", "status"), [("carol", 200), ("alice", 200), ("bob", 404), ("mallory", 404)])
def test_only_the_owner_and_the_secretariat_see_a_job(world: Any, client: Any, who: str, status: int) -> None:
    job = start_job(kind="test.count", title="Tælling", owner=world["carol"], arguments={"to": 1})
    client.force_login(world[who])

    assert client.get(job.get_absolute_url()).status_code == status


def test_an_anonymous_visitor_is_asked_to_log_in(world: Any, client: Any) -> None:
    job = start_job(kind="test.count", title="Tælling", owner=world["carol"], arguments={"to": 1})

    response = client.get(job.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_unknown_kind_is_refused_before_anything_is_saved(world: Any) -> None:
    with pytest.raises(ValueError, match="No job kind"):
        start_job(kind="test.unknown", title="?", owner=world["carol"], arguments={})
    assert not Job.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_in_production_a_job_waits_in_the_queue_until_the_worker_runs_it(
    world: Any, client: Any, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = start_job(kind="test.count", title="Tælling", owner=world["carol"], arguments={"to": 2})
    client.force_login(world["carol"])

    waiting = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert job.status == JobStatus.QUEUED
    assert 'hx-trigger="every 2s"' in waiting  # the page asks again while the job waits or runs

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (JobStatus.DONE, 2, 2)
    assert job.started_at is not None and job.finished_at is not None
    done = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done
    assert 'href="/resultat/"' in done
