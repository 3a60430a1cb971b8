"""OS2's catalogues are there for every test, also after a test with ``transactional_db`` (which ends
with ``flush``, emptying every table): ``tests/conftest.py`` puts them back as the migrations made them."""

from __future__ import annotations

from django.core.management import call_command

from programkontor.evaluation.models import Catalogue


def _catalogues() -> list[tuple[str, str, bool, int, int]]:
    return [
        (c.standard, c.standard_version, c.is_current, c.themes.count(), c.requirements.count())
        for c in Catalogue.objects.order_by("standard_version")
    ]


def test_a_flush_leaves_the_catalogues_the_migrations_installed(transactional_db: None) -> None:
    installed = _catalogues()
    assert len(installed) == 2  # migrations 0002 (current) and 0004 (the previous generation)

    call_command("flush", interactive=False, verbosity=0)

    assert _catalogues() == installed
