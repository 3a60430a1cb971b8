"""The checks of a repository's files: publiccode.yml (F5), security policy (F4), code standards (F16),
container build (F19), issue tracker (F11). The licence (F2) is in :mod:`.licence_check`, the README
(F5) in :mod:`.readme_check`; the build files of sub-projects in :mod:`.build_files`."""

from __future__ import annotations

import re

from programkontor.evaluation import scoring
from programkontor.evaluation.formats.common import gettext_noop
from programkontor.evaluation.repository import publiccode
from programkontor.evaluation.repository.build_files import container_builds, linter_configurations
from programkontor.evaluation.repository.context import Finding, _by_preference, _Context


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


def check_code_standards(ctx: _Context) -> Finding:
    documents = ctx.find_nested(
        r"(contributing|coding[-_ ]?standards?|code[-_ ]?(style|standards?)|styleguide|style[-_]guide)"
        r"(\.(md|rst|txt|adoc))?"
    )
    linters = linter_configurations(ctx)
    tools = [f"{path} ({tool})" if tool else path for path, tool in linters]
    if documents:
        path = _by_preference(documents, ("contributing.md",))[0]
        return ctx.finding(
            "code_standards",
            scoring.GREEN,
            gettext_noop("%(path)s describes how to contribute and which standards the code follows."),
            path=path,
            documents=documents[:10],
            linters=tools[:10],
        )
    if linters:
        return ctx.finding(
            "code_standards",
            scoring.YELLOW,
            gettext_noop(
                "The code has tool configurations (%(tools)s) but no document on its code standards."
            ),
            path=linters[0][0],
            tools=", ".join(tools[:5]),
            linters=tools[:10],
        )
    return ctx.finding(
        "code_standards",
        scoring.RED,
        gettext_noop("No CONTRIBUTING or code-standards document and no linter configuration."),
    )


def check_container(ctx: _Context) -> Finding:
    builds = container_builds(ctx)
    if builds:
        path, how = builds[0]
        return ctx.finding(
            "container",
            scoring.GREEN,
            gettext_noop("%(path)s builds a container image.")
            if path.endswith(how)
            else gettext_noop("%(path)s builds a container image with %(how)s."),
            path=path,
            how=how,
            files=[f"{build} ({kind})" for build, kind in builds[:10]],
        )
    composes = ctx.find_nested(r"(docker-)?compose(\.[a-z0-9_-]+)?\.ya?ml|chart\.yaml")
    if composes:
        return ctx.finding(
            "container",
            scoring.YELLOW,
            gettext_noop("%(path)s runs containers, but the repository has no file that builds the image."),
            path=composes[0],
        )
    return ctx.finding(
        "container",
        scoring.RED,
        gettext_noop(
            "No container build (Dockerfile, Containerfile, or a Maven or Gradle plugin that builds an "
            "image)."
        ),
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
        ctx.find(r"(readme|contributing)(\.[a-z.]+)?", top_level=True)
        + ctx.find(r"publiccode\.ya?ml|package\.json"),
        ("readme.md", "contributing.md"),
    )
    for path, text in ctx.readable(places):
        match = _TRACKER.search(text)
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
