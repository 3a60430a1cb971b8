from django.urls import path

from programkontor.evaluation.views import (
    catalogues,
    evaluations,
    imports,
    portfolio,
    repository,
    self_evaluations,
)

app_name = "evaluation"

urlpatterns = [
    # Across the portfolio
    path("", portfolio.HeatmapView.as_view(), name="portfolio"),
    path("forfaldne/", portfolio.OverdueView.as_view(), name="overdue"),
    path("produkter/<slug:slug>/", portfolio.ProductHistoryView.as_view(), name="product_history"),
    # Requirement catalogues
    path("kravkataloger/", catalogues.CatalogueListView.as_view(), name="catalogue_list"),
    path("kravkataloger/import/", catalogues.CatalogueImportView.as_view(), name="catalogue_import"),
    path("kravkataloger/<int:pk>/", catalogues.CatalogueDetailView.as_view(), name="catalogue_detail"),
    path(
        "kravkataloger/<int:pk>/aktuel/", catalogues.CatalogueCurrentView.as_view(), name="catalogue_current"
    ),
    # Self-evaluations
    path("selvevalueringer/", self_evaluations.SelfEvaluationListView.as_view(), name="selfevaluation_list"),
    path(
        "produkter/<slug:parent>/selvevaluering/ny/",
        self_evaluations.SelfEvaluationStartView.as_view(),
        name="selfevaluation_add",
    ),
    path(
        "produkter/<slug:parent>/selvevaluering/import/",
        self_evaluations.SelfEvaluationImportView.as_view(),
        name="selfevaluation_import",
    ),
    path(
        "selvevalueringer/<int:pk>/",
        self_evaluations.SelfEvaluationDetailView.as_view(),
        name="selfevaluation_detail",
    ),
    path(
        "selvevalueringer/<int:pk>/rediger/",
        self_evaluations.SelfEvaluationEditView.as_view(),
        name="selfevaluation_edit",
    ),
    path(
        "selvevalueringer/<int:pk>/indsend/",
        self_evaluations.SelfEvaluationSubmitView.as_view(),
        name="selfevaluation_submit",
    ),
    path(
        "selvevalueringer/<int:pk>/publicer/",
        self_evaluations.SelfEvaluationPublishView.as_view(),
        name="selfevaluation_publish",
    ),
    path(
        "selvevalueringer/<int:pk>/fjern/",
        self_evaluations.SelfEvaluationDeleteView.as_view(),
        name="selfevaluation_delete",
    ),
    path(
        "selvevalueringer/<int:pk>/governancerapport.md",
        self_evaluations.SelfEvaluationMarkdownView.as_view(),
        name="selfevaluation_markdown",
    ),
    path(
        "selvevalueringer/<int:pk>/selvevaluering.json",
        self_evaluations.SelfEvaluationJsonView.as_view(),
        name="selfevaluation_json",
    ),
    # Evaluations
    path("evalueringer/", evaluations.EvaluationListView.as_view(), name="evaluation_list"),
    path(
        "produkter/<slug:parent>/evaluering/ny/",
        evaluations.EvaluationStartView.as_view(),
        name="evaluation_add",
    ),
    path(
        "produkter/<slug:parent>/evaluering/import/",
        evaluations.EvaluationImportView.as_view(),
        name="evaluation_import",
    ),
    path(
        "produkter/<slug:parent>/import/<str:token>/",
        imports.ImportReviewView.as_view(),
        name="import_review",
    ),
    path("evalueringer/<int:pk>/", evaluations.EvaluationDetailView.as_view(), name="evaluation_detail"),
    path("evalueringer/<int:pk>/rediger/", evaluations.EvaluationEditView.as_view(), name="evaluation_edit"),
    path("evalueringer/<int:pk>/niveau/", evaluations.EvaluationLevelView.as_view(), name="evaluation_level"),
    path(
        "evalueringer/<int:pk>/publicer/",
        evaluations.EvaluationPublishView.as_view(),
        name="evaluation_publish",
    ),
    path(
        "evalueringer/<int:pk>/fjern/", evaluations.EvaluationDeleteView.as_view(), name="evaluation_delete"
    ),
    path(
        "evalueringer/<int:pk>/fund/<int:finding>/",
        evaluations.FindingView.as_view(),
        name="evaluation_finding",
    ),
    path(
        "evalueringer/<int:pk>/evalueringsrapport.md",
        evaluations.EvaluationMarkdownView.as_view(),
        name="evaluation_markdown",
    ),
    path(
        "evalueringer/<int:pk>/evalueringsrapport.pdf",
        evaluations.EvaluationPdfView.as_view(),
        name="evaluation_pdf",
    ),
    # Repository checks
    path(
        "produkter/<slug:parent>/repositorytjek/ny/",
        repository.RepositoryCheckStartView.as_view(),
        name="repositorycheck_add",
    ),
    path(
        "repositorytjek/<int:pk>/",
        repository.RepositoryCheckDetailView.as_view(),
        name="repositorycheck_detail",
    ),
]
