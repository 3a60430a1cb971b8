"""A model may leave out history-table indexes no query needs (``history_unindexed``, issue 14): only
its own history table loses them, and its history is still written and read as before."""

from __future__ import annotations

from django.db import models

from programkontor.evaluation.models import Evaluation, Rating


def _indexed(model: type[models.Model]) -> set[str]:
    return {field.name for field in model._meta.fields if field.db_index and not field.primary_key}


def test_the_rating_history_keeps_only_the_indexes_a_query_needs() -> None:
    history: type[models.Model] = Rating.history.model
    assert _indexed(history) == {"id", "history_user"}


def test_other_history_tables_keep_their_indexes() -> None:
    history: type[models.Model] = Evaluation.history.model
    assert {"id", "history_date", "history_user", "product", "catalogue"} <= _indexed(history)
