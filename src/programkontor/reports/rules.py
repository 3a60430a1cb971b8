"""Who may read and issue board reports.

* A program's report: its program manager and the secretariat issue it (``change`` on the program);
  those who read the program internally read it — the board, the program's steering and other groups.
* The portfolio's report: the secretariat issues it; the board reads it.

Reports are never published: visitors and people outside the program do not know they exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from rules.permissions import add_perm
from rules.predicates import predicate

from programkontor.core import gate
from programkontor.core.access import Access, access_for
from programkontor.core.gate import EVERYTHING, NOTHING
from programkontor.portfolio.rules import program_q
from programkontor.reports.models import BoardReport, Scope

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


@gate.register(BoardReport)
def board_report_q(access: Access, action: str, prefix: str = "") -> Q:
    if access.is_secretariat or (access.is_board and action != "change"):
        return EVERYTHING
    if not access.is_authenticated:
        return NOTHING
    program = program_q(access, "change" if action == "change" else "view_internal", f"{prefix}program__")
    if program is NOTHING:
        return NOTHING
    return Q(**{f"{prefix}scope": Scope.PROGRAM}) & program


def may_issue(user: AnyUser, program_id: int | None) -> bool:
    """May ``user`` issue a report for this program (``None``: the whole portfolio)?"""
    access = access_for(user)
    if access.is_secretariat:
        return True
    return program_id is not None and program_id in access.programs_write


def may_read_scope(user: AnyUser, program_id: int | None) -> bool:
    """May ``user`` see a report of this scope (the preview before issuing)?"""
    access = access_for(user)
    if access.reads_everything:
        return True
    return program_id is not None and program_id in access.programs_internal


@predicate
def issues_reports(user: AnyUser) -> bool:
    access = access_for(user)
    return access.is_secretariat or bool(access.programs_write)


add_perm("reports.add_boardreport", issues_reports)
