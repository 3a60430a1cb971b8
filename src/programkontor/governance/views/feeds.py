"""Calendar feeds: per person and per body (with the user's calendar token in the address, as calendar
programs cannot log in; the token is managed on the accounts app's calendar page) and the public feeds
of published meetings and annual-cycle events."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import RedirectView

from programkontor.accounts.services import user_for_calendar_token
from programkontor.core import gate
from programkontor.core.access import access_for
from programkontor.core.ical import calendar_response
from programkontor.governance import feeds
from programkontor.governance.models import CycleEvent, Meeting
from programkontor.governance.selectors import cycle_occurrences
from programkontor.portfolio.models import Body

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser

PAST_DAYS = 90
FUTURE_DAYS = 400


def _window() -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    return today - datetime.timedelta(days=PAST_DAYS), today + datetime.timedelta(days=FUTURE_DAYS)


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


class FeedSettingsView(RedirectView):
    """The old address of the calendar page: the one calendar address is managed in accounts now."""

    pattern_name = "accounts:calendar"
    permanent = False


def calendar_links(request: HttpRequest, user: AnyUser, token: str) -> list[tuple[Any, str]]:
    """Governance's personal calendar addresses for ``token`` (the accounts page lists them): the
    user's meetings and annual cycle, and one per body the user is a member of."""
    links: list[tuple[Any, str]] = [
        (
            _("My meetings and annual cycle"),
            request.build_absolute_uri(reverse("governance:feed_person", kwargs={"token": token})),
        )
    ]
    bodies = gate.restrict(Body, user, "view_internal").filter(pk__in=sorted(access_for(user).bodies))
    links += [
        (
            _("Meetings of %(body)s") % {"body": body},
            request.build_absolute_uri(
                reverse("governance:feed_body", kwargs={"token": token, "pk": body.pk})
            ),
        )
        for body in bodies.order_by("name", "pk")
    ]
    return links


def public_calendar_links(request: HttpRequest) -> list[tuple[Any, str]]:
    return [(_("OS2's annual cycle"), request.build_absolute_uri(reverse("governance:feed_public")))]


class TokenFeedView(View):
    """Resolves the token to its user; an unknown or revoked token is not found."""

    def user(self, token: str) -> Any:
        user = user_for_calendar_token(token)
        if user is None:
            raise Http404
        return user


class PersonFeedView(TokenFeedView):
    """The meetings the user is invited to or whose bodies they belong to, and their annual cycle."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        user = self.user(token)
        access = access_for(user)
        start, end = _window()
        meetings = (
            gate.restrict(Meeting, user, "view")
            .filter(starts_at__date__range=(start, end))
            .filter(
                Q(body_id__in=sorted(access.bodies))
                | (Q(attendances__person_id=access.person_id) if access.person_id else Q(pk__in=[]))
            )
            .distinct()
            .select_related("body")
            .order_by("starts_at")
        )
        events = gate.restrict(CycleEvent, user, "view_internal").exclude(kind="meeting")
        occurrences = cycle_occurrences(user, start, end, events)
        name = _("Programkontor: %(name)s") % {"name": user.get_full_name() or user.get_username()}
        return calendar_response(
            feeds.feed(name, meetings, occurrences, base_url=_base(request)), "programkontor"
        )


class BodyFeedView(TokenFeedView):
    def get(self, request: HttpRequest, token: str, pk: int) -> HttpResponse:
        user = self.user(token)
        body = get_object_or_404(gate.restrict(Body, user, "view"), pk=pk)
        start, end = _window()
        meetings = gate.restrict(Meeting, user, "view").filter(body=body, starts_at__date__range=(start, end))
        events = gate.restrict(CycleEvent, user, "view").filter(body=body).exclude(kind="meeting")
        occurrences = cycle_occurrences(user, start, end, events)
        return calendar_response(
            feeds.feed(str(body), meetings.select_related("body"), occurrences, base_url=_base(request)),
            f"organ-{body.pk}",
        )


class PublicBodyFeedView(View):
    """Published meetings and published events of a published body: no token needed."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        body = get_object_or_404(gate.restrict(Body, None, "view"), pk=pk)
        start, end = _window()
        meetings = gate.restrict(Meeting, None, "view").filter(body=body, starts_at__date__range=(start, end))
        events = gate.restrict(CycleEvent, None, "view").filter(body=body)
        occurrences = cycle_occurrences(None, start, end, events)
        return calendar_response(
            feeds.feed(str(body), meetings.select_related("body"), occurrences, base_url=_base(request)),
            f"organ-{body.pk}",
        )


class PublicFeedView(View):
    """The published annual cycle (the association's and the products'): no token needed."""

    def get(self, request: HttpRequest) -> HttpResponse:
        start, end = _window()
        occurrences = cycle_occurrences(None, start, end)
        return calendar_response(
            feeds.feed(_("OS2's annual cycle"), [], occurrences, base_url=_base(request)), "os2-aarshjul"
        )
