"""The checks of a repository's history and place: one main line (F12), activity or code dumps (F1),
the OS2 organisation (F6)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
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
from programkontor.evaluation.repository.sources import Branch

_RELEASE_NAME = re.compile(
    r"(^|/)(release|rel|stable|maint|maintenance|lts|legacy|support|hotfix)[-/_]?|(^|/)v?\d+\.(\d+|x)(\.x)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Line:
    """A branch judged as a second line: its own commits and when they were made."""

    branch: Branch
    commits: int
    first: datetime.datetime
    last: datetime.datetime

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.branch.name,
            "commits": self.commits,
            "since": self.first.date().isoformat(),
            "last": self.last.date().isoformat(),
            "behind": self.branch.behind,
            "release_branch": bool(_RELEASE_NAME.search(self.branch.name)),
            "tip": self.branch.tip,
        }


def _own(branch: Branch, counted: set[str]) -> tuple[int, datetime.datetime | None, datetime.datetime | None]:
    """The branch's own commits: not on the default branch, nor on a line already counted."""
    if not branch.unique:  # only the totals are known (a repository in memory)
        return branch.unique_commits, branch.first_unique, branch.last_unique
    moments = [when for sha, when in branch.unique if sha not in counted]
    return len(moments), min(moments, default=None), max(moments, default=None)


def second_lines(branches: list[Branch], default: str | None, now: datetime.datetime) -> list[Line]:
    """The branches that are a second long-lived line beside the default branch D.

    A branch B is one when all of these hold:

    1. *own commits*: B has at least :data:`PARALLEL_MIN_COMMITS` commits that neither D nor a line
       already counted has;
    2. *long-lived*: those commits span at least :data:`LONG_LIVED_DAYS` days;
    3. *alive*: the newest of them is at most :data:`YEAR_DAYS` days old;
    4. *diverged*: D has commits that B lacks (B is not merely ahead of D, as git-flow's ``develop``
       is before a release), and B went on for at least :data:`LONG_LIVED_DAYS` days after it last took
       in D's work (its fork point, the newest commit both have): a branch that keeps merging D in
       follows D.

    Branches are weighed in this order: names that look like release or maintenance lines
    (``release/2.x``, ``stable``, ``v3.1``, ``lts``) first, then the most commits ahead of D first.
    A topic branch made from a line already counted is weighed only by the commits that are its own,
    so ``feature/x`` off ``release/2.x`` is not a line of its own. Every other branch is a topic
    branch: merged (no own commits), small, short-lived, stale, or following D. When only totals
    are known (no commit list, no count behind, no fork point: a repository in memory), 1 to 3 decide.
    """
    candidates = sorted(
        (branch for branch in branches if branch.name != default and branch.unique_commits),
        key=lambda branch: (not _RELEASE_NAME.search(branch.name), -branch.unique_commits, branch.name),
    )
    counted: set[str] = set()
    lines: list[Line] = []
    for branch in candidates:
        commits, first, last = _own(branch, counted)
        if first is None or last is None or commits < PARALLEL_MIN_COMMITS:
            continue
        if (last - first).days < LONG_LIVED_DAYS or (now - last).days > YEAR_DAYS:
            continue
        if branch.behind == 0:
            continue  # ahead of the default branch on the same line
        if branch.fork_point is not None and (last - branch.fork_point).days < LONG_LIVED_DAYS:
            continue  # takes in the default branch's work: follows it
        lines.append(Line(branch, commits, first, last))
        counted.update(sha for sha, _when in branch.unique)
    return lines


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
    lines = second_lines(branches, default, ctx.now)
    others = [
        b.name for b in branches if b.name != default and b.name not in {line.branch.name for line in lines}
    ]
    ahead = [b.name for b in branches if b.name != default and b.behind == 0 and b.unique_commits]
    if not lines:
        return ctx.finding(
            "main_line",
            scoring.GREEN,
            gettext_noop("One main line (%(branch)s); no other branch has lived on in parallel."),
            branch=default or "HEAD",
            branches=len(branches),
            topic_branches=others[:30],
            ahead_of_default=ahead[:10] or None,
        )
    names = ", ".join(line.branch.name for line in lines[:5])
    return ctx.finding(
        "main_line",
        scoring.YELLOW if len(lines) == 1 else scoring.RED,
        gettext_noop(
            "Besides %(branch)s, %(count)d branch(es) have been developed in parallel for a long time: "
            "%(names)s."
        ),
        commit=lines[0].branch.tip,
        branch=default or "HEAD",
        count=len(lines),
        names=names,
        parallel=[line.as_dict() for line in lines],
        topic_branches=others[:30],
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
        "commits_on_other_branches": sum(1 for c in commits if not c.on_default),
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
                "Little activity: %(count)d commits in the last year on all branches, the latest %(days)d "
                "days ago."
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
            "Active development: %(count)d commits by %(authors)d people in the last year on all branches, "
            "the latest %(days)d days ago."
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
