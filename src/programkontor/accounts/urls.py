from django.urls import path

from programkontor.accounts import views
from programkontor.accounts.sso import oidc, saml

app_name = "accounts"

urlpatterns = [
    path("log-ind/", views.LoginView.as_view(), name="login"),
    path("log-ud/", views.LogoutView.as_view(), name="logout"),
    path("tokens/", views.ApiTokenView.as_view(), name="tokens"),
    path("tokens/<int:pk>/tilbagekald/", views.ApiTokenRevokeView.as_view(), name="token_revoke"),
    path("kalender/", views.CalendarTokenView.as_view(), name="calendar"),
    path("kalender/tilbagekald/", views.CalendarTokenRevokeView.as_view(), name="calendar_revoke"),
    # Single sign-on: each configured provider by its key; 404 for any other key, and without SSO.
    path("oidc/<slug:provider>/log-ind/", oidc.OidcLoginView.as_view(), name="oidc_login"),
    path("oidc/<slug:provider>/callback/", oidc.OidcCallbackView.as_view(), name="oidc_callback"),
    path("saml/<slug:provider>/log-ind/", saml.SamlLoginView.as_view(), name="saml_login"),
    path("saml/acs/", saml.SamlAcsView.as_view(), name="saml_acs"),
    path("saml/ls/", saml.SamlLogoutServiceView.as_view(), name="saml_ls"),
    path("saml/ls/post/", saml.SamlLogoutServiceView.as_view(), name="saml_ls_post"),
    path("saml/metadata/", saml.SamlMetadataView.as_view(), name="saml_metadata"),
]
