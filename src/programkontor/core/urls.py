from django.urls import path

from programkontor.core import for_me
from programkontor.core.search_views import SearchView
from programkontor.core.views import JobDetailView

app_name = "core"

urlpatterns = [
    path("", for_me.ForMeView.as_view(), name="for_me"),
    path("til-mig/antal/", for_me.count, name="for_me_count"),
    path("til-mig/<str:key>/", for_me.kind, name="for_me_kind"),
    path("opgaver/<int:pk>/", JobDetailView.as_view(), name="job_detail"),
    path("soeg/", SearchView.as_view(), name="search"),
]
