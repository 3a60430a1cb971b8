"""The secretariat builds the transparency site from the browser as a background job and downloads
it as a zip; nobody else may."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from programkontor.core.models import Job
from tests.publishing.conftest import PublicWorld

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _archives(settings: Any, tmp_path: Path) -> None:
    settings.PUBLISHING_ROOT = tmp_path / "arkiver"


def signed_in(public_world: PublicWorld, name: str) -> Client:
    client = Client()
    client.force_login(public_world.world[name])
    return client


def test_the_secretariat_builds_the_site_and_downloads_the_zip(public_world: PublicWorld) -> None:
    alice = signed_in(public_world, "alice")
    page = alice.get(reverse("publishing:publish")).content.decode()
    assert "<h1>Gennemsigtighedssitet</h1>" in page
    assert "Der er ikke bygget noget site endnu." in page
    assert '<option value="infrastruktur">Infrastruktur</option>' in page
    assert "Velfærd" not in page  # an unpublished program cannot be chosen

    response = alice.post(reverse("publishing:publish"), {"format": "html", "program": ""})
    job = Job.objects.get(kind="publishing.site")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job_page = alice.get(job.get_absolute_url()).content.decode()
    assert "Færdig" in job_page or "Udført" in job_page
    download = reverse("publishing:download", kwargs={"pk": job.pk})
    assert f'href="{download}"' in job_page

    archive = alice.get(download)
    assert archive["Content-Type"] == "application/zip"
    assert 'filename="gennemsigtighed-html-alt.zip"' in archive["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))) as opened:
        names = opened.namelist()
        texts = [opened.read(n).decode() for n in names if n.endswith((".html", ".svg"))]
    assert "index.html" in names and "produkter/os2gamma.html" in names
    assert names == sorted(names)
    for secret in public_world.secrets:
        assert not [t for t in texts if secret in t], secret
    listing = alice.get(reverse("publishing:publish")).content.decode()
    assert f'href="{download}">Zip-arkiv</a>' in listing


def test_a_jekyll_site_of_one_program(public_world: PublicWorld) -> None:
    alice = signed_in(public_world, "alice")
    alice.post(reverse("publishing:publish"), {"format": "jekyll", "program": "infrastruktur"})
    job = Job.objects.get(kind="publishing.site")
    archive = alice.get(reverse("publishing:download", kwargs={"pk": job.pk}))
    assert 'filename="gennemsigtighed-jekyll-infrastruktur.zip"' in archive["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))) as opened:
        assert "produkter/os2gamma.md" in opened.namelist()
        assert "_config.yml" in opened.namelist()


def test_an_unknown_program_is_refused_on_the_form(public_world: PublicWorld) -> None:
    alice = signed_in(public_world, "alice")
    response = alice.post(reverse("publishing:publish"), {"format": "html", "program": "velfaerd"})
    assert response.status_code == 400
    assert not Job.objects.filter(kind="publishing.site").exists()


@pytest.mark.parametrize("name", ["bob", "frank", "carol"])
def test_others_may_not_build_or_download(public_world: PublicWorld, name: str) -> None:
    job = Job.objects.create(
        kind="publishing.site", title="Site", owner=public_world.world["alice"], status="done"
    )
    client = signed_in(public_world, name)
    assert client.post(reverse("publishing:publish"), {"format": "html"}).status_code == 403
    assert client.get(reverse("publishing:download", kwargs={"pk": job.pk})).status_code == 403
    assert not Job.objects.exclude(pk=job.pk).exists()


def test_a_job_of_someone_who_left_the_secretariat_fails(public_world: PublicWorld) -> None:
    from programkontor.core.jobs import start_job

    job = start_job(
        kind="publishing.site", title="Site", owner=public_world.world["bob"], arguments={"format": "html"}
    )
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error == "Kun sekretariatet offentliggør gennemsigtighedssitet."


def test_only_the_secretariat_finds_the_site_among_its_links(public_world: PublicWorld) -> None:
    link = f'href="{reverse("publishing:publish")}"'
    assert link in signed_in(public_world, "alice").get(reverse("core:for_me")).content.decode()
    for name in ("bob", "frank"):
        assert link not in signed_in(public_world, name).get(reverse("core:for_me")).content.decode()
