"""The checks of a repository's files: licence (F2), README (F5), publiccode.yml (F5), security policy
(F4), code standards (F16), container build (F19), issue tracker (F11)."""

from __future__ import annotations

import re

from programkontor.evaluation import scoring
from programkontor.evaluation.formats.common import gettext_noop
from programkontor.evaluation.repository import licences, publiccode
from programkontor.evaluation.repository.context import Finding, _by_preference, _Context


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
