"""Reading the demo's data files: TOML for texts and small tables, CSV for long tables.

Every app's demo keeps its data in the ``data/`` folder of its ``demo`` package (the portfolio's in
``portfolio/data/``), shipped as package data; ``package`` names the package that holds ``data/``.
"""

from __future__ import annotations

import csv
import functools
import io
import tomllib
from importlib import resources
from typing import Any

#: A table of a TOML file (the file itself is one).
Table = dict[str, Any]


@functools.cache
def read_text(package: str, name: str) -> str:
    return resources.files(package).joinpath("data", name).read_text(encoding="utf-8")


def read_toml(package: str, name: str) -> Table:
    """A fresh dictionary each time, so a caller may change what it reads."""
    return tomllib.loads(read_text(package, name))


def read_csv(package: str, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(read_text(package, name))))
