from django.urls import path

from programkontor.mail import views

app_name = "mail"

urlpatterns = [
    path("udbakke/", views.OutboxView.as_view(), name="outbox"),
    path("udbakke/<int:pk>/send-igen/", views.SendAgainView.as_view(), name="send_again"),
    path("sammendrag/", views.DigestView.as_view(), name="digest"),
    path("sammendrag/fra/<str:token>/", views.DigestOffView.as_view(), name="digest_off"),
]
