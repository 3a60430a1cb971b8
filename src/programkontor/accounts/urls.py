from django.urls import path

from programkontor.accounts import views

app_name = "accounts"

urlpatterns = [
    path("log-ind/", views.LoginView.as_view(), name="login"),
    path("log-ud/", views.LogoutView.as_view(), name="logout"),
    path("tokens/", views.ApiTokenView.as_view(), name="tokens"),
    path("tokens/<int:pk>/tilbagekald/", views.ApiTokenRevokeView.as_view(), name="token_revoke"),
    path("kalender/", views.CalendarTokenView.as_view(), name="calendar"),
    path("kalender/tilbagekald/", views.CalendarTokenRevokeView.as_view(), name="calendar_revoke"),
]
