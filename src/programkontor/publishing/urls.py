from django.urls import path

from programkontor.publishing.views import DownloadView, PublishView

app_name = "publishing"

urlpatterns = [
    path("", PublishView.as_view(), name="publish"),
    path("<int:pk>/zip/", DownloadView.as_view(), name="download"),
]
