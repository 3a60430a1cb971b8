"""The checks: from a repository's files and history to findings for the requirements of OS2's model.

Each check names the requirement it gives evidence for, the file or commit it rests on, and
proposes a light; a human accepts or overrides the proposal in the evaluation. The checks only
read: no file of the repository is executed, built or imported.

===============  ====  ==========================================================================
check            req.  what is looked at
===============  ====  ==========================================================================
licence          F2    a licence file and its SPDX identity; OSI-approved? (MPL-2.0 is OS2's default)
readme           F5    a README with a section on the purpose
publiccode       F5    publiccode.yml present and holding the standard's required fields
security         F4    a security policy (SECURITY.md)
code_standards   F16   CONTRIBUTING / code-standards documents, linter configurations
container        F19   a container build file (Dockerfile, Containerfile)
issue_tracker    F11   a public issue tracker referred to (or issue templates)
main_line        F12   one main line: no long-lived parallel (release) branches
activity         F1    recent commit activity, or a few huge commits ("code dumps")
location         F6    the repository lives in an OS2 organisation
===============  ====  ==========================================================================
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from programkontor.evaluation import scoring
from programkontor.evaluation.formats.common import Translate, gettext_noop, untranslated
from programkontor.evaluation.repository import licences, publiccode
from programkontor.evaluation.repository.sources import Source

REQUIREMENTS: dict[str, str] = {
    "licence": "F2",
    "readme": "F5",
    "publiccode": "F5",
    "security": "F4",
    "code_standards": "F16",
    "container": "F19",
    "issue_tracker": "F11",
    "main_line": "F12",
    "activity": "F1",
    "location": "F6",
}

ACTIVE_DAYS = 90
YEAR_DAYS = 365
LONG_LIVED_DAYS = 90
PARALLEL_MIN_COMMITS = 10
DUMP_MAX_COMMITS = 3
DUMP_SHARE = 0.8


@dataclass(frozen=True)
class Finding:
    check: str
    requirement: str
    light: str
    summary: str
    path: str = ""
    commit: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "requirement": self.requirement,
            "light": self.light,
            "summary": self.summary,
            "path": self.path,
            "commit": self.commit,
            "details": self.details,
        }


@dataclass
class CheckResult:
    source: str
    commit: str | None
    branch: str | None
    checked_at: datetime.datetime
    findings: list[Finding] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "commit": self.commit,
            "branch": self.branch,
            "checked_at": self.checked_at.isoformat(timespec="seconds"),
            "findings": [finding.as_dict() for finding in self.findings],
        }


class _Context:
    def __init__(self, source: Source, now: datetime.datetime, translate: Translate) -> None:
        self.source = source
        self.now = now
        self.translate = translate
        self.files = source.files()
        self.lower = {path.lower(): path for path in self.files}
        self.commit = source.commit or ""
        self._reads: dict[str, str | None] = {}

    def read(self, path: str) -> str | None:
        if path not in self._reads:
            self._reads[path] = self.source.read(path)
        return self._reads[path]

    def find(self, pattern: str, *, top_level: bool = False) -> list[str]:
        """Files whose path (lower case) matches ``pattern`` (a regular expression)."""
        regex = re.compile(pattern)
        return [
            original
            for lowered, original in self.lower.items()
            if regex.fullmatch(lowered) and (not top_level or "/" not in lowered)
        ]

    def finding(
        self,
        check: str,
        light: str,
        template: str,
        *,
        path: str = "",
        commit: str | None = None,
        **details: Any,
    ) -> Finding:
        params = {key: value for key, value in details.items() if isinstance(value, str | int | float)}
        params["path"] = path
        summary = self.translate(template) % params
        return Finding(
            check,
            REQUIREMENTS[check],
            light,
            summary,
            path,
            self.commit if commit is None else commit,
            {key: value for key, value in details.items() if value is not None},
        )


def _by_preference(paths: Iterable[str], order: Iterable[str]) -> list[str]:
    rank = {name: i for i, name in enumerate(order)}
    return sorted(paths, key=lambda p: (p.count("/"), rank.get(p.lower().rsplit("/", 1)[-1], 99), p))


def check_licence(ctx: _Context) -> Finding:
    candidates = ctx.find(r"(licen[cs]e|copying)([.-][a-z0-9.-]+)?(\.(md|txt|rst))?", top_level=True)
    candidates += ctx.find(r"licenses/[^/]+\.txt")
    if not candidates:
        licence = _publiccode_licence(ctx)
        if licence:
            return ctx.finding(
                "licence",
                scoring.YELLOW,
                gettext_noop(
                    "No licence file; publiccode.yml states %(licence)s. Add the licence text as LICENSE."
                ),
                path="publiccode.yml",
                licence=licence,
            )
        return ctx.finding(
            "licence", scoring.RED, gettext_noop("No licence file (LICENSE, LICENCE or COPYING).")
        )
    identified = []
    for path in _by_preference(candidates, ("license", "license.md", "license.txt", "licence", "copying")):
        text = ctx.read(path) or ""
        spdx = licences.identify(text)
        if spdx is None and path.lower().startswith("licenses/"):  # REUSE: LICENSES/<SPDX id>.txt
            spdx = path.rsplit("/", 1)[-1].removesuffix(".txt")
        identified.append((path, spdx))
    known = [(path, spdx) for path, spdx in identified if spdx]
    if not known:
        path = identified[0][0]
        return ctx.finding(
            "licence",
            scoring.YELLOW,
            gettext_noop("The licence in %(path)s could not be identified; check that it is OSI-approved."),
            path=path,
        )
    path, spdx = known[0]
    spdx_ids = sorted({s for _p, s in known if s})
    expression = " OR ".join(spdx_ids) if len(spdx_ids) > 1 else spdx or ""
    if not licences.is_osi_approved(expression):
        return ctx.finding(
            "licence",
            scoring.YELLOW,
            gettext_noop("%(path)s holds %(licence)s, which is not an OSI-approved licence for code."),
            path=path,
            licence=expression,
            osi_approved=False,
        )
    if licences.OS2_DEFAULT in spdx_ids:
        template = gettext_noop("%(path)s holds %(licence)s, OS2's default licence (OSI-approved).")
    else:
        template = gettext_noop(
            "%(path)s holds %(licence)s, an OSI-approved licence (OS2's default is MPL-2.0)."
        )
    return ctx.finding("licence", scoring.GREEN, template, path=path, licence=expression, osi_approved=True)


def _publiccode_licence(ctx: _Context) -> str:
    for path in ctx.find(r"publiccode\.ya?ml", top_level=True):
        return publiccode.validate(ctx.read(path) or "").licence
    return ""


_PURPOSE = re.compile(
    r"^(?:#{1,6}\s*|)(formål|formaal|purpose|om\b|about|introduktion|introduction|beskrivelse|description|"
    r"what is|hvad er|overview|overblik|baggrund|background|værdi|value|hvorfor|why|features|funktioner)",
    re.IGNORECASE,
)


def _headings(text: str) -> list[str]:
    lines = text.splitlines()
    headings = [line.lstrip("#").strip() for line in lines if re.match(r"^\s{0,3}#{1,6}\s+\S", line)]
    for index in range(1, len(lines)):  # reStructuredText and setext headings
        if re.fullmatch(r"\s*([=\-~^*#])\1{2,}\s*", lines[index]) and lines[index - 1].strip():
            headings.append(lines[index - 1].strip())
    return headings


def check_readme(ctx: _Context) -> Finding:
    readmes = _by_preference(
        ctx.find(r"readme(\.[a-z]+)?", top_level=True), ("readme.md", "readme.rst", "readme")
    )
    if not readmes:
        return ctx.finding(
            "readme", scoring.RED, gettext_noop("No README describes the purpose of the solution.")
        )
    path = readmes[0]
    text = ctx.read(path) or ""
    headings = _headings(text)
    purpose = [heading for heading in headings if _PURPOSE.match(heading)]
    if purpose:
        return ctx.finding(
            "readme",
            scoring.GREEN,
            gettext_noop("%(path)s has a section on the purpose ('%(section)s')."),
            path=path,
            section=purpose[0],
            headings=headings[:20],
        )
    words = len(text.split())
    if words >= 80:
        return ctx.finding(
            "readme",
            scoring.YELLOW,
            gettext_noop("%(path)s has %(words)d words but no section on the purpose (e.g. '## Formål')."),
            path=path,
            words=words,
            headings=headings[:20],
        )
    return ctx.finding(
        "readme",
        scoring.RED,
        gettext_noop("%(path)s is nearly empty (%(words)d words) and does not describe the purpose."),
        path=path,
        words=words,
    )


def check_publiccode(ctx: _Context) -> Finding:
    paths = ctx.find(r"publiccode\.ya?ml", top_level=True)
    if not paths:
        return ctx.finding(
            "publiccode",
            scoring.YELLOW,
            gettext_noop("No publiccode.yml describes the solution in the public-sector catalogue format."),
        )
    path = paths[0]
    result = publiccode.validate(ctx.read(path) or "")
    if result.valid:
        return ctx.finding(
            "publiccode",
            scoring.GREEN,
            gettext_noop("%(path)s has every field the publiccode.yml standard requires."),
            path=path,
            name=str(result.data.get("name", "")),
        )
    return ctx.finding(
        "publiccode",
        scoring.YELLOW,
        gettext_noop("%(path)s lacks required fields or has invalid values: %(fields)s."),
        path=path,
        fields=", ".join(result.problems),
        missing=result.problems,
    )


def check_security(ctx: _Context) -> Finding:
    paths = ctx.find(r"(\.github/|docs?/)?security(\.(md|rst|txt))?") + ctx.find(
        r"(\.well-known/)security\.txt"
    )
    if paths:
        path = _by_preference(paths, ("security.md",))[0]
        return ctx.finding(
            "security",
            scoring.GREEN,
            gettext_noop("%(path)s tells how to report vulnerabilities."),
            path=path,
        )
    return ctx.finding(
        "security",
        scoring.YELLOW,
        gettext_noop("No security policy (SECURITY.md); the security work must be documented elsewhere."),
    )


_LINTERS = (
    r"\.editorconfig", r"\.eslintrc(\.[a-z]+)?", r"eslint\.config\.[a-z]+", r"\.prettierrc(\.[a-z]+)?",
    r"\.flake8", r"\.pylintrc", r"ruff\.toml", r"\.ruff\.toml", r"\.rubocop\.yml", r"checkstyle[^/]*\.xml",
    r"phpcs\.xml(\.dist)?", r"\.php-cs-fixer(\.dist)?\.php", r"\.stylelintrc(\.[a-z]+)?",
    r"\.pre-commit-config\.yaml", r"\.golangci\.ya?ml", r"rustfmt\.toml", r"\.clang-format", r"tslint\.json",
)  # fmt: skip


def check_code_standards(ctx: _Context) -> Finding:
    documents = ctx.find(
        r"(\.github/|docs?/)?(contributing|coding[-_ ]?standards?|code[-_ ]?(style|standards?)|styleguide"
        r"|style[-_]guide)(\.(md|rst|txt))?"
    )
    documents = [d for d in documents if "code_of_conduct" not in d.lower()]
    linters = [path for pattern in _LINTERS for path in ctx.find(pattern)]
    pyproject = ctx.read("pyproject.toml") if "pyproject.toml" in ctx.files else None
    if pyproject and re.search(r"^\[tool\.(ruff|black|flake8|pylint|isort|mypy)", pyproject, re.MULTILINE):
        linters.append("pyproject.toml")
    if documents:
        path = _by_preference(documents, ("contributing.md",))[0]
        return ctx.finding(
            "code_standards",
            scoring.GREEN,
            gettext_noop("%(path)s describes how to contribute and which standards the code follows."),
            path=path,
            documents=documents[:10],
            linters=linters[:10],
        )
    if linters:
        return ctx.finding(
            "code_standards",
            scoring.YELLOW,
            gettext_noop(
                "The code has tool configurations (%(tools)s) but no document on its code standards."
            ),
            path=linters[0],
            tools=", ".join(linters[:5]),
            linters=linters[:10],
        )
    return ctx.finding(
        "code_standards",
        scoring.RED,
        gettext_noop("No CONTRIBUTING or code-standards document and no linter configuration."),
    )


def check_container(ctx: _Context) -> Finding:
    builds = ctx.find(r"(.*/)?(dockerfile|containerfile)(\.[a-z0-9_.-]+)?") + ctx.find(r".*\.dockerfile")
    if builds:
        path = sorted(builds, key=lambda p: (p.count("/"), p))[0]
        return ctx.finding(
            "container",
            scoring.GREEN,
            gettext_noop("%(path)s builds a container image."),
            path=path,
            files=builds[:10],
        )
    composes = ctx.find(r"(.*/)?(docker-)?compose(\.[a-z0-9_-]+)?\.ya?ml") + ctx.find(r"(.*/)?chart\.yaml")
    if composes:
        return ctx.finding(
            "container",
            scoring.YELLOW,
            gettext_noop("%(path)s runs containers, but the repository has no file that builds the image."),
            path=composes[0],
        )
    return ctx.finding(
        "container", scoring.RED, gettext_noop("No container build file (Dockerfile or Containerfile).")
    )


_TRACKER = re.compile(
    r"https?://[^\s)>\]\"']*(/issues\b|/-/issues\b|/projects/[^\s/]+/issues|jira[^\s)]*|redmine[^\s)]*|/tracker\b)",
    re.IGNORECASE,
)
_HOSTS = ("github.com", "gitlab.com", "gitlab.", "codeberg.org", "bitbucket.org")


def check_issue_tracker(ctx: _Context) -> Finding:
    templates = ctx.find(r"\.github/issue_template(/.*|\.md)") + ctx.find(r"\.gitlab/issue_templates/.*")
    if templates:
        return ctx.finding(
            "issue_tracker",
            scoring.GREEN,
            gettext_noop("The repository has issue templates (%(path)s): issues are tracked publicly."),
            path=templates[0],
        )
    places = _by_preference(
        ctx.find(r"(readme|contributing)(\.[a-z]+)?", top_level=True)
        + ctx.find(r"publiccode\.ya?ml|package\.json"),
        ("readme.md", "contributing.md"),
    )
    for path in places:
        match = _TRACKER.search(ctx.read(path) or "")
        if match:
            return ctx.finding(
                "issue_tracker",
                scoring.GREEN,
                gettext_noop("%(path)s refers to the public issue tracker %(url)s."),
                path=path,
                url=match.group(0),
            )
    remote = ctx.source.remote_url
    if any(host in remote for host in _HOSTS):
        return ctx.finding(
            "issue_tracker",
            scoring.YELLOW,
            gettext_noop(
                "The repository is hosted at %(remote)s, which has issues, but no document refers to them."
            ),
            remote=remote,
        )
    return ctx.finding("issue_tracker", scoring.RED, gettext_noop("No public issue tracker is referred to."))


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


CHECKS: tuple[Callable[[_Context], Finding | None], ...] = (
    check_activity,
    check_licence,
    check_security,
    check_readme,
    check_publiccode,
    check_location,
    check_issue_tracker,
    check_main_line,
    check_code_standards,
    check_container,
)


def run_checks(
    source: Source, *, now: datetime.datetime | None = None, translate: Translate = untranslated
) -> CheckResult:
    """Every check on ``source``; the findings in the order of the requirements they concern."""
    moment = now or datetime.datetime.now(tz=datetime.UTC)
    ctx = _Context(source, moment, translate)
    findings = [finding for check in CHECKS if (finding := check(ctx)) is not None]
    return CheckResult(source.label, source.commit, source.default_branch, moment, findings)
