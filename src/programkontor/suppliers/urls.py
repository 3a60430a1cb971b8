from django.urls import path

from programkontor.suppliers import views

app_name = "suppliers"

urlpatterns = [
    path("", views.ContractListView.as_view(), name="contract_list"),
    path("kontrakter/ny/", views.ContractFormView.as_view(), name="contract_add"),
    path("kontrakter/<int:pk>/", views.ContractDetailView.as_view(), name="contract_detail"),
    path("kontrakter/<int:pk>/rediger/", views.ContractFormView.as_view(), name="contract_edit"),
    path("kontrakter/<int:pk>/arkiver/", views.ContractArchiveView.as_view(), name="contract_archive"),
]
