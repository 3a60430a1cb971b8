from django.urls import path

from programkontor.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportListView.as_view(), name="report_list"),
    path("forhaandsvisning/", views.PreviewView.as_view(), name="preview"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("<int:pk>/rapport.<str:fmt>", views.ReportDownloadView.as_view(), name="report_download"),
]
