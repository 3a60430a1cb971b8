"""The demo's repositories in memory (``data/repository.toml``), so the findings come from the real checks."""

from __future__ import annotations

import datetime
import random
import re

from programkontor.evaluation.repository import licences
from programkontor.evaluation.repository.sources import Branch, Commit, MemorySource
from programkontor.portfolio.demo.files import read_toml
from programkontor.portfolio.models import Product

PACKAGE = "programkontor.evaluation.demo"
PLACEHOLDER = re.compile(r"\{(name|summary|slug)\}")


def _fill(text: str, product: Product) -> str:
    """``text`` with the product's {name}, {summary} and {slug} (other braces stay as they are)."""
    values = {"name": product.name, "summary": product.summary, "slug": product.slug}
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def repository_source(product: Product, today: datetime.date) -> MemorySource:
    """A realistic repository of ``product`` as it is ``today``, the same every time."""
    spec = read_toml(PACKAGE, "repository.toml")
    commits = spec["commits"]
    now = datetime.datetime.combine(today, datetime.time(12), tzinfo=datetime.UTC)
    rng = random.Random(product.slug)  # noqa: S311 - demo data, not security
    history = [
        Commit(
            f"{rng.getrandbits(160):040x}",
            now - datetime.timedelta(days=commits["newest_days_ago"] + commits["days_apart"] * i),
            commits["author"].replace("{number}", str(i % commits["authors"])),
            commits["message"].replace("{number}", str(i)),
            1 + i % 5,
        )
        for i in range(commits["count"])
    ]
    files = {**spec["files"], **spec["extra_files"].get(product.slug, {})}
    contents = {path: licences.text(str(spdx)) for path, spdx in spec["licence_files"].items()}
    contents.update({path: _fill(text, product) for path, text in files.items()})
    branches = [Branch("main", history[0].sha, history[0].when)]
    for branch in spec["branches"].get(product.slug, []):
        branches.append(
            Branch(
                branch["name"],
                f"{rng.getrandbits(160):040x}",
                now - datetime.timedelta(days=branch["days_ago"]),
                branch["unique_commits"],
                now - datetime.timedelta(days=branch["first_unique_days_ago"]),
                now - datetime.timedelta(days=branch["days_ago"]),
            )
        )
    url = _fill(spec["url"], product)
    return MemorySource(
        label=url, contents=contents, history=history, branch_list=branches, head=history[0].sha, remote=url
    )
