"""Single sign-on: OpenID Connect (Authlib) and SAML 2.0 (djangosaml2/pysaml2), several providers side by
side, users keyed on the provider's issuer and subject, roles from the claims by the secretariat's rules."""
