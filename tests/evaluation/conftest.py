"""Fixtures of the evaluation tests: OS2's catalogue (as shipped), OS2's files, and evaluation data on
the shared world of tests/conftest.py."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from programkontor.evaluation import services
from programkontor.evaluation.formats.catalogue import CatalogueData, catalogue_from_json

FILES = Path(__file__).with_name("files")


def read(name: str) -> str:
    return FILES.joinpath(name).read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _english() -> Any:
    """The tests read messages in English (the msgids), whatever the translation catalogue holds."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="session")
def os2() -> CatalogueData:
    """OS2's catalogue as plain data, straight from the shipped file (no database)."""
    text = (
        resources.files("programkontor.evaluation").joinpath("data", services.SHIPPED_CATALOGUE).read_text()
    )
    return catalogue_from_json(text)


@pytest.fixture
def catalogue(db: Any) -> Any:
    """The installed catalogue (a migration installs it; TransactionTestCase flushes may remove it)."""
    return services.load_shipped_catalogue()
