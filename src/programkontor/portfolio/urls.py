from django.urls import path

from programkontor.portfolio.views import (
    bodies,
    organisations,
    overview,
    people,
    products,
    programs,
    publiccode,
    relations,
)

app_name = "portfolio"

urlpatterns = [
    path("portefoelje/", overview.OverviewView.as_view(), name="overview"),
    # Programs
    path("programmer/", programs.ProgramListView.as_view(), name="program_list"),
    path("programmer/ny/", programs.ProgramFormView.as_view(), name="program_add"),
    path("programmer/<slug:slug>/", programs.ProgramDetailView.as_view(), name="program_detail"),
    path("programmer/<slug:slug>/rediger/", programs.ProgramFormView.as_view(), name="program_edit"),
    path("programmer/<slug:slug>/arkiver/", programs.ProgramArchiveView.as_view(), name="program_archive"),
    path("programmer/<slug:slug>/publicer/", programs.ProgramPublishView.as_view(), name="program_publish"),
    path(
        "programmer/<slug:parent>/roller/ny/", relations.ProgramRoleAddView.as_view(), name="program_role_add"
    ),
    # Products and projects
    path("produkter/ny/", products.ProductFormView.as_view(), name="product_add"),
    path("produkter/<slug:slug>/", products.ProductDetailView.as_view(), name="product_detail"),
    path(
        "produkter/<slug:slug>/publiccode.yml",
        publiccode.ProductPubliccodeView.as_view(),
        name="product_publiccode",
    ),
    path(
        "produkter/<slug:slug>/publiccode/import/",
        publiccode.ProductPubliccodeImportView.as_view(),
        name="product_publiccode_import",
    ),
    path("produkter/<slug:slug>/rediger/", products.ProductFormView.as_view(), name="product_edit"),
    path("produkter/<slug:slug>/arkiver/", products.ProductArchiveView.as_view(), name="product_archive"),
    path("produkter/<slug:slug>/publicer/", products.ProductPublishView.as_view(), name="product_publish"),
    path(
        "produkter/<slug:parent>/deltagere/ny/",
        relations.ParticipationAddView.as_view(),
        name="participation_add",
    ),
    path(
        "produkter/<slug:parent>/roller/ny/", relations.ProductRoleAddView.as_view(), name="product_role_add"
    ),
    path(
        "deltagelser/<int:pk>/rediger/", relations.ParticipationEditView.as_view(), name="participation_edit"
    ),
    path(
        "deltagelser/<int:pk>/fjern/",
        relations.ParticipationDeleteView.as_view(),
        name="participation_delete",
    ),
    path("roller/<int:pk>/rediger/", relations.RoleAssignmentEditView.as_view(), name="role_edit"),
    path("roller/<int:pk>/fjern/", relations.RoleAssignmentDeleteView.as_view(), name="role_delete"),
    # Organisations
    path("organisationer/", organisations.OrganisationListView.as_view(), name="organisation_list"),
    path("organisationer/ny/", organisations.OrganisationFormView.as_view(), name="organisation_add"),
    path(
        "organisationer/befolkningstal/import/",
        organisations.PopulationImportView.as_view(),
        name="population_import",
    ),
    path(
        "organisationer/<slug:slug>/",
        organisations.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path(
        "organisationer/<slug:slug>/rediger/",
        organisations.OrganisationFormView.as_view(),
        name="organisation_edit",
    ),
    path(
        "organisationer/<slug:slug>/arkiver/",
        organisations.OrganisationArchiveView.as_view(),
        name="organisation_archive",
    ),
    path(
        "organisationer/<slug:slug>/publicer/",
        organisations.OrganisationPublishView.as_view(),
        name="organisation_publish",
    ),
    # People
    path("personer/", people.PersonListView.as_view(), name="person_list"),
    path("personer/ny/", people.PersonFormView.as_view(), name="person_add"),
    path("personer/<int:pk>/", people.PersonDetailView.as_view(), name="person_detail"),
    path("personer/<int:pk>/rediger/", people.PersonFormView.as_view(), name="person_edit"),
    path("personer/<int:pk>/arkiver/", people.PersonArchiveView.as_view(), name="person_archive"),
    # Bodies
    path("organer/", bodies.BodyListView.as_view(), name="body_list"),
    path("organer/ny/", bodies.BodyFormView.as_view(), name="body_add"),
    path("organer/<int:pk>/", bodies.BodyDetailView.as_view(), name="body_detail"),
    path("organer/<int:pk>/rediger/", bodies.BodyFormView.as_view(), name="body_edit"),
    path("organer/<int:pk>/arkiver/", bodies.BodyArchiveView.as_view(), name="body_archive"),
    path("organer/<int:pk>/publicer/", bodies.BodyPublishView.as_view(), name="body_publish"),
    path("organer/<int:parent>/medlemmer/ny/", relations.MembershipAddView.as_view(), name="membership_add"),
    path("medlemskaber/<int:pk>/rediger/", relations.MembershipEditView.as_view(), name="membership_edit"),
    path("medlemskaber/<int:pk>/fjern/", relations.MembershipDeleteView.as_view(), name="membership_delete"),
]
