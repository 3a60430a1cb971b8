"""The transparency site: what an anonymous reader may see, and nothing else; the same data give the
same files; a change rewrites only what it touches."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from programkontor.core import services as core_services
from programkontor.portfolio.models import Product
from programkontor.publishing.output import Format
from programkontor.publishing.services import build, publish
from tests.publishing.conftest import TODAY, PublicWorld

pytestmark = pytest.mark.django_db


def text_of(files: dict[str, bytes]) -> dict[str, str]:
    return {
        name: data.decode("utf-8")
        for name, data in files.items()
        if not name.endswith((".woff2", ".woff", ".css", ".png"))
    }


@pytest.mark.parametrize("output_format", list(Format))
def test_it_publishes_what_is_public_and_no_secret(public_world: PublicWorld, output_format: Format) -> None:
    files = text_of(build(output_format, today=TODAY))
    everything = "\n".join(files.values())
    for secret in public_world.secrets:
        leaks = [name for name, text in files.items() if secret in text]
        assert not leaks, f"{secret!r} reached {leaks}"
    for public in public_world.public:
        assert public in everything, public
    ext = (output_format.value == "jekyll" and "md") or "html"
    assert f"produkter/os2gamma.{ext}" in files
    assert f"programmer/infrastruktur.{ext}" in files
    assert "programmer/infrastruktur-koereplan.svg" in files
    assert f"evalueringsrapporter/os2gamma-2026-09-01.{ext}" in files
    assert not [name for name in files if "os2alpha" in name or "velfaerd" in name]


def test_the_jekyll_pages_carry_just_the_docs_front_matter(public_world: PublicWorld) -> None:
    files = text_of(build(Format.JEKYLL, today=TODAY))
    assert files["produkter/os2gamma.md"].startswith(
        "---\nlayout: default\ntitle: OS2gamma\nparent: Produkter\n---\n\n# OS2gamma\n"
    )
    assert files["programmer/index.md"].startswith(
        "---\nlayout: default\ntitle: Programmer\nnav_order: 2\nhas_children: true\n---\n"
    )
    assert files["index.md"].startswith(
        "---\nlayout: default\ntitle: Portefølje\nnav_order: 1\npermalink: /\n---\n"
    )
    report = files["evalueringsrapporter/os2gamma-2026-09-01.md"]
    assert report.startswith(
        "---\ntitle: OS2gamma 01-09-2026\nlayout: default\nparent: Evalueringsrapporter\n"
    )
    assert "| F1 |" in report or "| R1 |" in report
    assert "remote_theme: just-the-docs/just-the-docs" in files["_config.yml"]
    # Markdown users wrote stays Markdown; the links between pages are relative.
    assert "OS2gamma **samler** data." in files["produkter/os2gamma.md"]
    assert "[Infrastruktur](../programmer/infrastruktur.html)" in files["produkter/os2gamma.md"]


def test_the_html_pages_are_standalone(public_world: PublicWorld) -> None:
    files = text_of(build(Format.HTML, today=TODAY))
    page = files["produkter/os2gamma.html"]
    assert '<link rel="stylesheet" href="../assets/dkfds/css/dkfds.min.css">' in page
    assert "<p>OS2gamma <strong>samler</strong> data.</p>" in page
    assert 'href="../programmer/infrastruktur.html"' in page
    assert 'src="infrastruktur-koereplan.svg"' in files["programmer/infrastruktur.html"]
    assert "<style>" in files["programmer/infrastruktur-koereplan.svg"]
    assert 'href="http' not in page.replace('href="https://', "")  # nothing points at the application
    assert "/portefoelje/" not in "\n".join(files.values())
    binary = build(Format.HTML, today=TODAY)
    assert any(name.endswith(".woff2") for name in binary)


def test_user_markup_is_inert_in_both_formats(public_world: PublicWorld) -> None:
    Product.objects.filter(pk=public_world.product.pk).update(
        description="<script>alert(1)</script> [klik](javascript:alert(2)) {{ site.secret }}"
    )
    jekyll = text_of(build(Format.JEKYLL, today=TODAY))["produkter/os2gamma.md"]
    assert "<script>" not in jekyll and "](javascript:" not in jekyll and "{{" not in jekyll
    html = text_of(build(Format.HTML, today=TODAY))["produkter/os2gamma.html"]
    main = html.split("<main", 1)[1]
    assert "<script>" not in main and 'href="javascript' not in main
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in main


def test_the_same_data_give_the_same_bytes_and_a_second_run_changes_nothing(
    public_world: PublicWorld, tmp_path: Path
) -> None:
    first = publish(tmp_path, Format.HTML, today=TODAY)
    assert first.counts["created"] > 20 and not first.changed and not first.removed
    snapshot = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    second = publish(tmp_path, Format.HTML, today=TODAY)
    assert second.counts == {"created": 0, "changed": 0, "removed": 0, "unchanged": first.counts["created"]}
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == snapshot


def test_a_changed_product_rewrites_its_pages_and_indexes_only(
    public_world: PublicWorld, tmp_path: Path
) -> None:
    publish(tmp_path, Format.JEKYLL, today=TODAY)
    product = public_world.product
    core_services.update(
        product,
        actor=public_world.world["alice"],
        expected_version=product.version,
        changes={"summary": "Ny tekst"},
    )
    result = publish(tmp_path, Format.JEKYLL, today=TODAY)
    assert result.changed == [
        "index.md",
        "produkter/index.md",
        "produkter/os2gamma.md",
        "programmer/infrastruktur.md",
    ]
    assert not result.created and not result.removed
    assert "Ny tekst" in (tmp_path / "produkter/os2gamma.md").read_text()


def test_what_is_no_longer_published_is_removed_and_other_files_are_kept(
    public_world: PublicWorld, tmp_path: Path
) -> None:
    (tmp_path / "CNAME").write_text("aabenhed.os2.eu\n")
    publish(tmp_path, Format.JEKYLL, today=TODAY)
    meeting = public_world.meeting
    type(meeting).objects.filter(pk=meeting.pk).update(is_published=False)
    result = publish(tmp_path, Format.JEKYLL, today=TODAY)
    assert len(result.removed) == 1 and result.removed[0].startswith("referater/")
    assert not (tmp_path / result.removed[0]).exists()
    assert result.changed == ["referater/index.md"]
    assert (tmp_path / "CNAME").read_text() == "aabenhed.os2.eu\n"


def test_one_program_only(public_world: PublicWorld) -> None:
    files = text_of(build(Format.JEKYLL, program="infrastruktur", today=TODAY))
    assert "produkter/os2gamma.md" in files
    assert "produkter/os2beta.md" not in files  # unpublished anyway
    with pytest.raises(LookupError):
        build(Format.JEKYLL, program="velfaerd", today=TODAY)  # not published: unknown to the site


def run_command(*args: str) -> str:
    out = io.StringIO()
    call_command("publish_site", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_command_reports_created_changed_and_removed(public_world: PublicWorld, tmp_path: Path) -> None:
    first = run_command(str(tmp_path), "--format", "html", "--today", "2026-12-06")
    assert "created index.html" in first
    assert first.rstrip().endswith(f"created, 0 changed, 0 removed, 0 unchanged in {tmp_path}")
    second = run_command(str(tmp_path), "--format", "html", "--today", "2026-12-06")
    assert "0 created, 0 changed, 0 removed," in second
    with pytest.raises(CommandError, match="velfaerd"):
        run_command(str(tmp_path), "--program", "velfaerd")
