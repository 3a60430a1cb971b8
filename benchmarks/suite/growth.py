"""Growth measured alternately: ``python -m benchmarks.suite.growth --big B.json --small S.json --json OUT``.

Each size is measured in its own run, minutes apart, and this machine's speed drifts by a third within
seconds (a shared host: the same Python loop took 212 to 365 ms in eight runs a second apart), so the
ratio of the two runs' medians judged the host as much as the data. Here one process holds both
sizes' databases (kept by their runs, ``_bench`` and ``_bench_small``) and requests every page from
them in turn: ``ROUNDS`` rounds, each a warm-up and ``PER_ROUND`` timed requests on one database and
then on the other, the connection switched in between and Django's cache emptied (a result kept for
one database must never answer for the other). A page's growth is the median of its big-size times
over the median of its small-size times, both taken across the same minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from benchmarks.common import Progress, bench_url, client, setup_django

ROUNDS = 10
PER_ROUND = 2


def _switch(url: str) -> None:
    """Point Django's default connection at the database of ``url``, with an empty cache."""
    from django.core.cache import cache
    from django.db import connection

    parts = urlsplit(url)
    connection.close()
    connection.settings_dict.update(
        NAME=parts.path.lstrip("/"),
        USER=unquote(parts.username or ""),
        PASSWORD=unquote(parts.password or ""),
        HOST=parts.hostname or "",
        PORT=str(parts.port or ""),
    )
    cache.clear()


def measure(
    pages: dict[str, tuple[str, str]], urls: dict[str, str], rounds: int, progress: Progress
) -> dict[str, dict[str, float]]:
    """``pages``: name -> (URL at the big size, URL at the small size); ``urls``: size -> database URL.
    Per page: the median time at each size and their ratio."""
    from django.contrib.auth import get_user_model

    browsers = {}
    for size, url in urls.items():
        _switch(url)
        browsers[size] = client(get_user_model().objects.get(username="sekretariat"))
    result = {}
    progress.start("growth, alternating", len(pages))
    for name, (big_url, small_url) in pages.items():
        times: dict[str, list[float]] = {"big": [], "small": []}
        for _round in range(rounds):
            for size, page_url in (("big", big_url), ("small", small_url)):
                _switch(urls[size])
                browsers[size].get(page_url)  # warm-up after the switch: connection, cache
                for _ in range(PER_ROUND):
                    started = time.perf_counter()
                    response = browsers[size].get(page_url)
                    times[size].append(time.perf_counter() - started)
                    if response.status_code != 200:
                        raise SystemExit(f"{name}: status {response.status_code} for {page_url} ({size})")
        big, small = (statistics.median(times[size]) * 1000 for size in ("big", "small"))
        result[name] = {"big_ms": big, "small_ms": small, "growth": big / small}
        progress.advance()
    progress.finish("pages")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.suite.growth", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--big", type=Path, required=True, help="the big size's figures (size.py's JSON)")
    parser.add_argument("--small", type=Path, required=True, help="the small size's figures")
    parser.add_argument("--json", type=Path, required=True, help="where the growth figures go")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"rounds per page (default {ROUNDS})")
    args = parser.parse_args(argv)
    big: dict[str, Any] = json.loads(args.big.read_text(encoding="utf-8"))
    small: dict[str, Any] = json.loads(args.small.read_text(encoding="utf-8"))
    configured = os.environ.get("DATABASE_URL", "")
    urls = {
        "big": bench_url(configured, big.get("suffix", ""))[0],
        "small": bench_url(configured, small.get("suffix", ""))[0],
    }
    before = {page["name"]: page["url"] for page in small["pages"]}
    pages = {
        page["name"]: (page["url"], before[page["name"]]) for page in big["pages"] if page["name"] in before
    }
    os.environ["DATABASE_URL"] = urls["big"]
    setup_django()
    progress = Progress()
    progress.note(f"Growth: every page of both sizes in turn, {args.rounds} rounds")
    found = measure(pages, urls, args.rounds, progress)
    args.json.write_text(json.dumps(found, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
