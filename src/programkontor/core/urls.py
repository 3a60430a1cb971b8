from django.urls import path

from programkontor.core.search_views import SearchView
from programkontor.core.views import JobDetailView

app_name = "core"

urlpatterns = [
    path("opgaver/<int:pk>/", JobDetailView.as_view(), name="job_detail"),
    path("soeg/", SearchView.as_view(), name="search"),
]
