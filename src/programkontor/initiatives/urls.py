from django.urls import path

from programkontor.initiatives import views

app_name = "initiatives"

urlpatterns = [
    path("", views.InitiativeListView.as_view(), name="initiative_list"),
    path("ny/", views.InitiativeFormView.as_view(), name="initiative_add"),
    path("<int:pk>/", views.InitiativeDetailView.as_view(), name="initiative_detail"),
    path("<int:pk>/rediger/", views.InitiativeFormView.as_view(), name="initiative_edit"),
    path("<int:pk>/arkiver/", views.InitiativeArchiveView.as_view(), name="initiative_archive"),
    path("<int:parent>/linjer/ny/", views.CaseLineAddView.as_view(), name="line_add"),
    path("linjer/<int:pk>/rediger/", views.CaseLineEditView.as_view(), name="line_edit"),
    path("linjer/<int:pk>/fjern/", views.CaseLineDeleteView.as_view(), name="line_delete"),
    path("<int:parent>/krav/nyt/", views.RequirementAddView.as_view(), name="requirement_add"),
    path("krav/<int:pk>/rediger/", views.RequirementEditView.as_view(), name="requirement_edit"),
    path("krav/<int:pk>/fjern/", views.RequirementDeleteView.as_view(), name="requirement_delete"),
    path(
        "<int:pk>/kravspecifikation.pdf",
        views.SpecificationExportView.as_view(kind="pdf"),
        name="specification_pdf",
    ),
    path(
        "<int:pk>/kravspecifikation.docx",
        views.SpecificationExportView.as_view(kind="docx"),
        name="specification_docx",
    ),
]
