"""The suite's report: Markdown tables of pages, imports and load, the missed targets, one summary line."""

from __future__ import annotations

from typing import Any

from benchmarks.common import counted, run_lines
from benchmarks.suite import targets


def _pages(big: dict[str, Any], small: dict[str, Any]) -> list[str]:
    before = {page["name"]: page for page in small["pages"]}
    lines = [
        f"| Page (secretariat) | ms at {big['os2']:g}x | queries | SQL ms | ratio | limit | "
        f"ms at {small['os2']:g}x | growth | growth of the runs | reason for the limit |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for page in big["pages"]:
        limit, growth_limit, reason = targets.page_limits(page["name"], big["os2"] / small["os2"])
        ratio = page["median_ms"] / page["sql_ms"] if page["sql_ms"] else float("inf")
        earlier = before.get(page["name"])
        grew = targets.growth(page, earlier, big.get("growth")) if earlier else float("nan")
        raw = targets.raw_growth(page, earlier) if earlier else float("nan")
        lines.append(
            f"| {page['name']} | {page['median_ms']:.1f} | {page['queries']} | {page['sql_ms']:.2f} | "
            f"{ratio:.1f} | {limit:g} | {earlier['median_ms'] if earlier else float('nan'):.1f} | "
            f"{grew:.2f} (<= {growth_limit:g}) | {raw:.2f} | {reason} |"
        )
    return lines


def _imports(big: dict[str, Any]) -> list[str]:
    figures = big["imports"]
    rate = figures["reports"] / figures["report_seconds"] if figures["report_seconds"] else 0
    copy = figures["copy_history_seconds"]
    return [
        "| Import | Figure | Target |",
        "|---|---:|---:|",
        f"| {figures['reports']:,} evaluation reports | {figures['report_seconds']:.1f} s, {rate:.0f} "
        f"per second | "
        f">= {targets.REPORTS_PER_SECOND} per second |",
        f"| {figures['rows']:,} actuals, import with history | {figures['import_seconds']:.2f} s | |",
        f"| the same rows by `COPY` / with history rows | {figures['copy_seconds']:.2f} s / {copy:.2f} s | |",
        f"| import / `COPY` with history | "
        f"{figures['import_seconds'] / copy if copy else float('nan'):.1f}x | "
        f"<= {targets.COPY_RATIO:g}x |",
        f"| memory growth during the import | {figures['memory_growth_mib']:.0f} MiB | flat |",
    ]


def _computations(big: dict[str, Any]) -> list[str]:
    lines = [
        "| Computation | ms | queries | SQL ms | ratio | target |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for found in big.get("computations", []):
        ratio = found["median_ms"] / found["sql_ms"] if found["sql_ms"] else float("inf")
        lines.append(
            f"| {found['name']}, {found['lines']:,} authority lines | {found['median_ms']:.1f} | "
            f"{found['queries']} | {found['sql_ms']:.2f} | {ratio:.1f} | <= {targets.COMPUTATION_RATIO:g}x, "
            f"< {targets.COMPUTATION_MS:g} ms |"
        )
    return lines


def _load(big: dict[str, Any]) -> list[str]:
    load = big.get("load")
    if not load:
        return ["No load run."]
    many, one = load["runs"]
    lines = [
        f"gunicorn (`programkontor.gunicorn_conf`, {load['workers']} sync workers) against the "
        f"{big['os2']:g}x "
        f"database; the {len(load['pages'])} slowest pages above in turn, {many['seconds']:g} s per run.",
        "",
        "| Clients | Requests | Requests/s | p50 ms | p95 ms | p99 ms | Errors |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in (one, many):
        lines.append(
            f"| {run['clients']} | {run['requests']:,} | {run['throughput']:.1f} | {run['p50']:.0f} | "
            f"{run['p95']:.0f} | {run['p99']:.0f} | {run['errors']} |"
        )
    scaling = many["throughput"] / one["throughput"] if one["throughput"] else float("nan")
    lines += [
        "",
        f"Throughput 16 clients / 1 client: {scaling:.2f}x (target >= {targets.LOAD_SCALING:g}x); "
        f"p99 / p50 at 16 clients: {many['p99'] / many['p50'] if many['p50'] else float('nan'):.1f}x "
        f"(target <= {targets.TAIL:g}x); largest worker RSS at the end: {load['worker_rss_mib']:.0f} MiB "
        f"(target <= {targets.WORKER_RSS_MIB} MiB).",
    ]
    return lines


def render(big: dict[str, Any], small: dict[str, Any], missed: list[str]) -> str:
    lines = [
        *run_lines(big["database"]),
        "",
        f"Big size, {big['os2']:g}x OS2: {counted(big['counts'])} (generated in "
        f"{big['generated_seconds']:.0f} s).",
        "",
        f"Small size, {small['os2']:g}x OS2: {counted(small['counts'])}.",
        "",
        "### Pages",
        "",
        *_pages(big, small),
        "",
        "### Computations",
        "",
        *_computations(big),
        "",
        "### Imports",
        "",
        *_imports(big),
        "",
        "### Load",
        "",
        *_load(big),
        "",
        "### Missed targets",
        "",
        *([f"* {line}" for line in missed] or ["None."]),
        "",
    ]
    return "\n".join(lines)


def summary(big: dict[str, Any], small: dict[str, Any], missed: list[str], minutes: float) -> str:
    pages = len(big["pages"])
    verdict = "PASS" if not missed else f"FAIL ({len(missed)} missed)"
    load = big.get("load")
    throughput = f", {load['runs'][0]['throughput']:.1f} req/s at 16 clients" if load else ""
    return (
        f"bench {big['os2']:g}x/{small['os2']:g}x OS2: {verdict} - {pages} pages, "
        f"{sum(1 for line in missed if ':' in line and 'load' not in line and 'import' not in line)} "
        f"page misses"
        f"{throughput}, {minutes:.1f} min"
    )
