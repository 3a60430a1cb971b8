"""Bases of governance's views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError as DjangoValidationError

from programkontor.core.views import PublishView


class CheckedPublishView(PublishView):
    """Publishing runs the object's validation (an unapproved meeting cannot be published): a refusal
    is shown as a message instead of an error page."""

    def perform(self, *, version: int, reason: str) -> str:
        try:
            return super().perform(version=version, reason=reason)
        except DjangoValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
            return self.object.get_absolute_url()  # type: ignore[no-any-return]
