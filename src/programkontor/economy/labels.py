"""Translated words for the codes the pure modules return (forecast methods, import errors, ...)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from programkontor.economy.actuals_import import RowError
from programkontor.economy.ledger import ForecastMethod
from programkontor.portfolio.models.organisations import SIZE_CLASS_CHOICES

FORECAST_METHODS = {
    ForecastMethod.MANUAL: _("manual"),
    ForecastMethod.RUN_RATE: _("run-rate"),
    ForecastMethod.ACTUAL: _("actual (the year is over)"),
    ForecastMethod.BUDGET: _("budget (the year has not begun)"),
}

SIZE_CLASSES = dict(SIZE_CLASS_CHOICES)

COLUMNS = {
    "date": _("Date"),
    "account": _("Account"),
    "amount": _("Amount"),
    "text": _("Text"),
    "document_number": _("Document number"),
}

IMPORT_ERRORS: dict[str, Any] = {
    "empty_file": _("The file is empty."),
    "no_rows": _("The file has no postings."),
    "missing_columns": _(
        "The first row must name the columns date, account, amount, text and document number; "
        "missing: %(columns)s."
    ),
    "missing": _("%(column)s is missing."),
    "invalid_date": _("%(column)s: “%(value)s” is not a date (use 2025-03-14 or 14.03.2025)."),
    "date_out_of_range": _("%(column)s: %(value)s is not in the years %(first)s to %(last)s."),
    "invalid_account": _("%(column)s: “%(value)s” is not an account number of this chart (e.g. 00005)."),
    "unknown_account": _("%(column)s: %(value)s is not in the chart of accounts."),
    "archived_account": _("%(column)s: %(value)s is archived."),
    "amount_invalid": _("%(column)s: “%(value)s” is not an amount (use 1.234,56 or 1234.56)."),
    "amount_too_many_decimals": _("%(column)s: “%(value)s” has more than two decimals."),
    "amount_too_large": _("%(column)s: “%(value)s” is larger than 10 billion kroner."),
    "control_character": _("%(column)s holds a control character (is the file damaged?)."),
    "amount_empty": _("%(column)s is missing."),
    "too_long": _("%(column)s is longer than %(max)s characters."),
    "duplicate_in_file": _("%(column)s %(value)s is also in row %(first)s."),
    "already_imported": _("%(column)s %(value)s is already in the ledger (imported before)."),
}


def import_error(error: RowError) -> str:
    """The Danish sentence for one import error (without the row number)."""
    if error.code == "file_refused":  # the file as a whole: core.textfile's msgid and parameters
        given = dict(error.params)
        message = gettext(given.pop("template", ""))
        return message % given if given else message
    template = IMPORT_ERRORS.get(error.code, _("%(column)s: invalid value “%(value)s”."))
    params = {"column": COLUMNS.get(error.field, ""), "value": error.value, **dict(error.params)}
    if error.code == "missing_columns":
        params["columns"] = ", ".join(str(COLUMNS.get(name, name)) for name in params["columns"].split(","))
    text = str(template) % params
    return text[0].upper() + text[1:] if text else text


def import_error_line(error: RowError) -> str:
    if error.row:
        return str(_("Row %(row)s: %(message)s")) % {"row": error.row, "message": import_error(error)}
    return import_error(error)
