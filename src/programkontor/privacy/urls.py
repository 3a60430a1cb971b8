from django.urls import path

from programkontor.privacy import views

app_name = "privacy"

urlpatterns = [
    path("personer/<int:pk>/grundlag/", views.BasisView.as_view(), name="basis"),
    path("personer/<int:pk>/eksport/", views.ExportView.as_view(), name="export"),
    path("personer/<int:pk>/slet/", views.EraseView.as_view(), name="erase"),
    path("inaktive/", views.InactiveView.as_view(), name="inactive"),
    path("behandlingsaktiviteter/", views.ActivitiesView.as_view(), name="activities"),
]
