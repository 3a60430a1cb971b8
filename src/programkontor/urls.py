from django.contrib import admin
from django.urls import include, path

from programkontor.core.health import health

urlpatterns = [
    path("", include("programkontor.portfolio.urls")),
    path("styring/", include("programkontor.governance.urls")),
    path("evaluering/", include("programkontor.evaluation.urls")),
    path("planlaegning/", include("programkontor.planning.urls")),
    path("oekonomi/", include("programkontor.economy.urls")),
    path("leverandoerer/", include("programkontor.suppliers.urls")),
    path("dialog/", include("programkontor.dialogue.urls")),
    path("initiativer/", include("programkontor.initiatives.urls")),
    path("persondata/", include("programkontor.privacy.urls")),
    path("rapporter/", include("programkontor.reports.urls")),
    path("gennemsigtighed/", include("programkontor.publishing.urls")),
    path("konto/", include("programkontor.accounts.urls")),
    path("post/", include("programkontor.mail.urls")),
    path("", include("programkontor.core.urls")),
    path("api/", include("programkontor.api_urls")),
    path("admin/", admin.site.urls),
    path("sundhed/", health, name="health"),
    path("healthz", health, name="healthz"),
]
