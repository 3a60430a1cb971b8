"""Rows for reports: the list of issued board reports, the preview and issuing, a report and its downloads.

The object is the program Velfærd's report (``tests/reports/factories.py``): the secretariat, bob (the
program's manager) and the board (frank) read it; the others do not know it exists. The preview without a
scope and period shows the form; posting nothing is refused as invalid (issuing is tested in
``tests/reports/test_reports.py``).
"""

from __future__ import annotations

from typing import Any

from tests.reports.factories import report_world
from tests.security.matrix import LOGGED_IN, Row

READ_REPORT = "A:login S:ok B:ok G:missing C:missing D:missing E:missing F:ok M:missing"


def report(w: Any) -> dict[str, Any]:
    return {"pk": report_world(w).pk}


def download(fmt: str) -> Any:
    return lambda w: {"pk": report_world(w).pk, "fmt": fmt}


WEB: dict[str, Row] = {
    "reports:report_list": Row(lambda w: (report_world(w), {})[1], LOGGED_IN),
    "reports:preview": Row(outcomes=LOGGED_IN),
    "reports:report_detail": Row(report, READ_REPORT),
    "reports:report_download": Row(download("pdf"), READ_REPORT),
}

API: dict[tuple[str, str], Row] = {}
