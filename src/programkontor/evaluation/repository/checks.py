"""The checks: from a repository's files and history to findings for the requirements of OS2's model.

Each check names the requirement it gives evidence for, the file or commit it rests on, and
proposes a light; a human accepts or overrides the proposal in the evaluation. The checks only
read: no file of the repository is executed, built or imported.

===============  ====  ==========================================================================
check            req.  what is looked at
===============  ====  ==========================================================================
licence          F2    the licence files, identified as GitHub's licensee does (the words compared
                       with the SPDX texts; the match and its confidence), OSI-approved, and the
                       same as publiccode.yml's (MPL-2.0 is OS2's default)
readme           F5    every README variant; the purpose in a section or in the opening text
publiccode       F5    publiccode.yml present, holding the standard's required fields, an SPDX licence
security         F4    a security policy (SECURITY.md)
code_standards   F16   CONTRIBUTING / code-standards documents, linter configurations, also in
                       sub-projects (``web/.eslintrc.json``, a pom.xml with Checkstyle)
container        F19   a container build (Dockerfile, Containerfile, a Maven/Gradle plugin such as Jib),
                       also in sub-projects
issue_tracker    F11   a public issue tracker referred to (or issue templates)
main_line        F12   one main line: no second long-lived line beside it (see :mod:`.history_checks`)
activity         F1    recent commit activity on all branches, or a few huge commits ("code dumps")
location         F6    the repository lives in an OS2 organisation
===============  ====  ==========================================================================

What a check cannot read from Git (a damaged object) makes that check *not checkable*, not the run.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from programkontor.core.git import GitError
from programkontor.evaluation.formats.common import Translate, untranslated
from programkontor.evaluation.repository.context import REQUIREMENTS, CheckResult, Finding, _Context
from programkontor.evaluation.repository.file_checks import (
    check_code_standards,
    check_container,
    check_issue_tracker,
    check_publiccode,
    check_security,
)
from programkontor.evaluation.repository.history_checks import check_activity, check_location, check_main_line
from programkontor.evaluation.repository.licence_check import check_licence
from programkontor.evaluation.repository.readme_check import check_readme
from programkontor.evaluation.repository.sources import Source

CHECKS: tuple[tuple[str, Callable[[_Context], Finding | None]], ...] = (
    ("activity", check_activity),
    ("licence", check_licence),
    ("security", check_security),
    ("readme", check_readme),
    ("publiccode", check_publiccode),
    ("location", check_location),
    ("issue_tracker", check_issue_tracker),
    ("main_line", check_main_line),
    ("code_standards", check_code_standards),
    ("container", check_container),
)


def run_checks(
    source: Source, *, now: datetime.datetime | None = None, translate: Translate = untranslated
) -> CheckResult:
    """Every check on ``source``; the findings in the order of the requirements they concern.

    A check that cannot read what it needs from Git (a damaged or missing object, a history that
    cannot be walked) gives a *not checkable* finding with the reason; the other checks go on."""
    moment = now or datetime.datetime.now(tz=datetime.UTC)
    ctx = _Context(source, moment, translate)
    findings = []
    for key, check in CHECKS:
        try:
            finding = check(ctx)
        except GitError as exc:
            finding = ctx.not_checkable(key, exc)
        if finding is not None:
            findings.append(finding)
    return CheckResult(source.label, source.commit, source.default_branch, moment, findings)


__all__ = ["CHECKS", "REQUIREMENTS", "CheckResult", "Finding", "run_checks"]
