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
from collections.abc import Callable

from programkontor.evaluation.formats.common import Translate, untranslated
from programkontor.evaluation.repository.context import REQUIREMENTS, CheckResult, Finding, _Context
from programkontor.evaluation.repository.file_checks import (
    check_code_standards,
    check_container,
    check_issue_tracker,
    check_licence,
    check_publiccode,
    check_readme,
    check_security,
)
from programkontor.evaluation.repository.history_checks import check_activity, check_location, check_main_line
from programkontor.evaluation.repository.sources import Source

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


__all__ = ["CHECKS", "REQUIREMENTS", "CheckResult", "Finding", "run_checks"]
