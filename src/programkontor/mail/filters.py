"""The outbox page's filter: by status (failed, waiting, sent)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from programkontor.mail.models import MessageStatus, OutboxMessage


class OutboxFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=MessageStatus.choices)
    to = django_filters.CharFilter(label=_("Recipient"), lookup_expr="icontains")

    class Meta:
        model = OutboxMessage
        fields = ["status", "to"]
