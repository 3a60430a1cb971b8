"""The evaluation demo: self-evaluations, evaluations, level history and one overdue product."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import timezone

from programkontor.evaluation import demo
from programkontor.evaluation.models import Evaluation, RepositoryCheck, SelfEvaluation
from programkontor.evaluation.selectors import overdue_evaluations
from programkontor.governance.models import Decision
from programkontor.portfolio import demo as portfolio_demo
from programkontor.portfolio.models import Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(settings: Any) -> list[str]:
    settings.PROGRAMKONTOR_DEMO_ALLOWED = True
    portfolio_demo.load_demo(stdout=io.StringIO())
    return demo.load_demo(stdout=io.StringIO())


def test_the_demo_has_level_changes_published_reports_and_one_overdue_product(loaded: list[str]) -> None:
    assert any("Evaluering" in line for line in loaded)
    faktor = Product.objects.get(slug="os2faktor")
    decided = list(Evaluation.objects.filter(product=faktor, status="final").order_by("evaluated_on"))
    assert [(e.previous_level, e.decided_level) for e in decided] == [("1", "1"), ("1", "2")]
    assert faktor.level == "2"
    assert Decision.objects.filter(product=faktor, kind="level_change").count() == 2
    assert SelfEvaluation.objects.filter(product=faktor, status="draft").count() == 1

    kitos = Evaluation.objects.filter(product__slug="os2kitos")
    assert kitos.filter(source="import").exclude(published_mismatches=[]).exists()
    assert kitos.filter(is_published=True).exists()
    assert Evaluation.objects.filter(product__slug="os2mo", status="draft").exists()
    assert (
        RepositoryCheck.objects.filter(product__slug="os2mo").get().findings.filter(light="yellow").exists()
    )
    # The demo's findings are written as the checks write them on the page: in Danish.
    summaries = list(
        RepositoryCheck.objects.get(product__slug="os2mo").findings.values_list("summary", flat=True)
    )
    assert summaries and not any(s.startswith(("Found", "No ", "Not checkable", "The ")) for s in summaries)

    from programkontor.accounts.models import User

    secretariat = User.objects.get(username="sekretariat")
    overdue = [
        row.product.slug
        for row in overdue_evaluations(secretariat, on=timezone.localdate())
        if not row.due.never_evaluated
    ]
    assert overdue == ["os2kle"]


def test_loading_the_demo_again_creates_nothing_and_it_can_be_deleted(loaded: list[str]) -> None:
    counts = (Evaluation.objects.count(), SelfEvaluation.objects.count(), Decision.objects.count())
    again = demo.load_demo(stdout=io.StringIO())
    assert any("allerede" in line for line in again)
    assert (Evaluation.objects.count(), SelfEvaluation.objects.count(), Decision.objects.count()) == counts
    demo.delete_demo()
    assert not Evaluation.objects.exists() and not SelfEvaluation.objects.exists()
    assert not RepositoryCheck.objects.exists()
    assert not Decision.objects.filter(kind="level_change").exists()
    assert not Evaluation.history.exists()
