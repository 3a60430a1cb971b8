"""The checks of a repository's history and place: one main line (F12), activity or code dumps (F1),
the OS2 organisation (F6)."""

from __future__ import annotations

import re
from typing import Any

from programkontor.evaluation import scoring
from programkontor.evaluation.formats.common import gettext_noop
from programkontor.evaluation.repository.context import (
    ACTIVE_DAYS,
    DUMP_MAX_COMMITS,
    DUMP_SHARE,
    LONG_LIVED_DAYS,
    PARALLEL_MIN_COMMITS,
    YEAR_DAYS,
    Finding,
    _Context,
)

_RELEASE_NAME = re.compile(
    r"(^|/)(release|rel|stable|maint|maintenance|lts|legacy|support|hotfix)[-/_]?|(^|/)v?\d+\.(\d+|x)(\.x)?$",
    re.IGNORECASE,
)


def check_main_line(ctx: _Context) -> Finding:
    branches = ctx.source.branches()
    default = ctx.source.default_branch
    if not branches:
        return ctx.finding(
            "main_line",
            scoring.YELLOW,
            gettext_noop("No branches to look at (not a Git repository)."),
            commit="",
        )
    now = ctx.now
    parallel: list[dict[str, Any]] = []
    for branch in branches:
        if branch.name == default or not branch.unique_commits:
            continue
        first, last = branch.first_unique, branch.last_unique
        if first is None or last is None:
            continue
        long_lived = (last - first).days >= LONG_LIVED_DAYS and branch.unique_commits >= PARALLEL_MIN_COMMITS
        recent = (now - last).days <= YEAR_DAYS
        if long_lived and recent:
            parallel.append(
                {
                    "name": branch.name,
                    "commits": branch.unique_commits,
                    "since": first.date().isoformat(),
                    "last": last.date().isoformat(),
                    "release_branch": bool(_RELEASE_NAME.search(branch.name)),
                    "tip": branch.tip,
                }
            )
    if not parallel:
        return ctx.finding(
            "main_line",
            scoring.GREEN,
            gettext_noop("One main line (%(branch)s); no other branch has lived on in parallel."),
            branch=default or "HEAD",
            branches=len(branches),
        )
    names = ", ".join(item["name"] for item in parallel[:5])
    return ctx.finding(
        "main_line",
        scoring.YELLOW if len(parallel) == 1 else scoring.RED,
        gettext_noop(
            "Besides %(branch)s, %(count)d branch(es) have been developed in parallel for a long time: "
            "%(names)s."
        ),
        commit=parallel[0]["tip"],
        branch=default or "HEAD",
        count=len(parallel),
        names=names,
        parallel=parallel,
    )


def check_activity(ctx: _Context) -> Finding:
    commits = ctx.source.commits()
    if not commits:
        return ctx.finding(
            "activity",
            scoring.YELLOW,
            gettext_noop("No commit history to look at (not a Git repository)."),
            commit="",
        )
    now = ctx.now
    latest = max(commits, key=lambda c: c.when)
    days_since = (now - latest.when).days
    last_year = [c for c in commits if (now - c.when).days <= YEAR_DAYS]
    authors = sorted({c.author for c in last_year})
    changes = sorted((c.files for c in commits), reverse=True)
    total_changes = sum(changes) or 1
    top = sum(changes[:DUMP_MAX_COMMITS])
    largest = max(commits, key=lambda c: c.files)
    dump = len(commits) <= DUMP_MAX_COMMITS or (top / total_changes >= DUMP_SHARE and len(last_year) < 12)
    details: dict[str, Any] = {
        "commits": len(commits),
        "commits_last_year": len(last_year),
        "authors_last_year": len(authors),
        "days_since_last_commit": days_since,
        "last_commit": latest.sha,
        "largest_commit": largest.sha,
        "largest_commit_files": largest.files,
        "share_of_changes_in_largest_three": round(top / total_changes, 2),
    }
    if dump:
        return ctx.finding(
            "activity",
            scoring.RED,
            gettext_noop(
                "The history looks like code dumps: %(commits)d commit(s), the three largest hold "
                "%(share)d%% of all file changes (largest: %(files)d files)."
            ),
            commit=largest.sha,
            share=round(100 * top / total_changes),
            files=largest.files,
            **{k: v for k, v in details.items() if k not in ("largest_commit_files",)},
        )
    if days_since > YEAR_DAYS:
        return ctx.finding(
            "activity",
            scoring.RED,
            gettext_noop("No commits for %(days)d days (last %(date)s)."),
            commit=latest.sha,
            days=days_since,
            date=latest.when.date().isoformat(),
            **details,
        )
    if days_since > ACTIVE_DAYS or len(last_year) < 12:
        return ctx.finding(
            "activity",
            scoring.YELLOW,
            gettext_noop(
                "Little activity: %(count)d commits in the last year, the latest %(days)d days ago."
            ),
            commit=latest.sha,
            count=len(last_year),
            days=days_since,
            **details,
        )
    return ctx.finding(
        "activity",
        scoring.GREEN,
        gettext_noop(
            "Active development: %(count)d commits by %(authors)d people in the last year, the latest "
            "%(days)d days ago."
        ),
        commit=latest.sha,
        count=len(last_year),
        authors=len(authors),
        days=days_since,
        **details,
    )


_OS2_ORG = re.compile(r"^(?:https?://|git@)?[^/:]+[/:](os2[^/]*)/", re.IGNORECASE)


def check_location(ctx: _Context) -> Finding | None:
    remote = ctx.source.remote_url
    if not remote:
        return None
    match = _OS2_ORG.match(remote)
    if match:
        return ctx.finding(
            "location",
            scoring.GREEN,
            gettext_noop("The repository lives in OS2's organisation %(organisation)s."),
            remote=remote,
            organisation=match.group(1),
        )
    return ctx.finding(
        "location",
        scoring.YELLOW,
        gettext_noop(
            "The repository (%(remote)s) is not in an OS2 organisation; check that OS2 controls the code."
        ),
        remote=remote,
    )
