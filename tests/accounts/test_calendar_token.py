"""The one calendar address secret per user: stored as a fingerprint, shown once, replaced and revoked
on the accounts page, and accepted by the feeds of every app (governance's meetings and annual
cycle, planning's milestones), each showing only what its user may see."""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programkontor.accounts.models import CalendarToken, hash_token
from programkontor.accounts.services import (
    create_calendar_token,
    revoke_calendar_token,
    user_for_calendar_token,
)
from programkontor.core.registry import calendar_feeds
from tests import factories as f
from tests.governance.factories import MeetingFactory, at
from tests.planning.factories import MilestoneFactory

PAGE = reverse("accounts:calendar")


def page_text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def new_addresses(page: str) -> list[str]:
    """The addresses the page shows right after making a new secret, without the host."""
    found = re.search(r'<ul class="alert-text" id="new-feeds">(.*?)</ul>', page, re.S)
    assert found is not None, "the new addresses are not shown"
    urls = re.findall(r'class="pk-token">([^<]+)<', found[1])
    return [url.replace("http://testserver", "") for url in urls]


def make_address(client: Any, user: Any) -> tuple[str, list[str]]:
    """Log in as ``user``, make a new address on the page; returns the raw secret and the addresses."""
    client.force_login(user)
    page = page_text(client.post(PAGE))
    urls = new_addresses(page)
    secret = re.search(r"/kalender/(cal_[A-Za-z0-9_-]+)/", urls[0])
    assert secret is not None
    return secret[1], urls


# ---------------------------------------------------------------------------------------- services


def test_the_token_is_stored_as_a_fingerprint_one_per_user(world: Any) -> None:
    token, raw = create_calendar_token(user=world["dave"])

    assert raw.startswith("cal_") and token.hint == raw[:8]
    assert token.digest == hash_token(raw) and raw not in token.digest
    assert user_for_calendar_token(raw) == world["dave"]
    _newer, raw2 = create_calendar_token(user=world["dave"])
    assert CalendarToken.objects.filter(user=world["dave"]).count() == 1
    assert user_for_calendar_token(raw) is None  # replaced: the old one stopped
    assert user_for_calendar_token(raw2) == world["dave"]


def test_a_revoked_token_and_nonsense_find_nobody(world: Any) -> None:
    _token, raw = create_calendar_token(user=world["dave"])

    assert revoke_calendar_token(user=world["dave"]) is True
    assert revoke_calendar_token(user=world["dave"]) is False  # nothing left to revoke
    assert user_for_calendar_token(raw) is None
    assert user_for_calendar_token("") is None
    assert user_for_calendar_token("cal_" + "x" * 200) is None


def test_the_token_of_a_deactivated_user_stops(world: Any) -> None:
    _token, raw = create_calendar_token(user=world["bob"])
    world["bob"].is_active = False
    world["bob"].save()

    assert user_for_calendar_token(raw) is None


def test_using_the_token_records_when(world: Any) -> None:
    token, raw = create_calendar_token(user=world["bob"])
    assert token.last_used_at is None

    user_for_calendar_token(raw)

    token.refresh_from_db()
    assert token.last_used_at is not None


# ------------------------------------------------------------------------------------------ page


def test_a_new_address_is_shown_once_for_every_apps_feed(world: Any, client: Any) -> None:
    raw, urls = make_address(client, world["dave"])

    assert urls == [
        f"/styring/kalender/{raw}/mig.ics",
        f"/styring/kalender/{raw}/organ/{world.steering.pk}.ics",
        f"/planlaegning/kalender/{raw}/milepaele.ics",
    ]
    again = page_text(client.get(PAGE))
    assert raw not in again  # only its start is shown from now on
    assert f"{raw[:8]}…" in again and 'id="feeds"' in again
    assert "Styregruppen for OS2alpha" in again and "/planlaegning/kalender/" in again
    assert reverse("governance:feed_public") in again  # the public calendars need no secret
    assert reverse("planning:calendar_public") in again


def test_the_page_needs_a_login(client: Any, world: Any) -> None:
    response = client.get(PAGE)

    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert client.post(PAGE).status_code == 302
    assert not CalendarToken.objects.exists()


def test_one_token_works_for_both_apps_and_a_revoked_one_is_not_found(world: Any, client: Any) -> None:
    MeetingFactory(body=world.steering, title="Styregruppens møde", starts_at=at(4))
    MilestoneFactory(product=world.product, title="Alpha-milepæl")
    _raw, urls = make_address(client, world["dave"])
    client.logout()  # calendar programs do not log in: the secret in the address is enough

    person, body, milestones = (client.get(url) for url in urls)
    assert person.status_code == body.status_code == milestones.status_code == 200
    assert "Styregruppens møde" in person.content.decode()
    assert "Styregruppens møde" in body.content.decode()
    assert "Alpha-milepæl" in milestones.content.decode()
    assert milestones["Content-Type"].startswith("text/calendar")

    client.force_login(world["dave"])
    response = client.post(reverse("accounts:calendar_revoke"))
    assert response.status_code == 302 and response["Location"] == PAGE
    assert not CalendarToken.objects.filter(user=world["dave"]).exists()
    assert 'id="revoke-feed"' not in page_text(client.get(PAGE))
    client.logout()
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.get(reverse("planning:calendar_feed", args=["cal_forkert"])).status_code == 404
    assert client.get(reverse("governance:feed_person", args=["cal_forkert"])).status_code == 404


def test_a_new_address_stops_the_old_one_in_every_feed(world: Any, client: Any) -> None:
    _old, old_urls = make_address(client, world["bob"])
    _new, new_urls = make_address(client, world["bob"])
    client.logout()

    assert [client.get(url).status_code for url in old_urls] == [404] * len(old_urls)
    assert [client.get(url).status_code for url in new_urls] == [200] * len(new_urls)


def test_the_feeds_show_only_what_the_tokens_user_may_see(world: Any, client: Any) -> None:
    MeetingFactory(body=world.steering, title="Alfas styregruppemøde", starts_at=at(3))
    beta_group = f.BodyFactory(product=world.other_product, name="Styregruppen for OS2beta")
    MeetingFactory(body=beta_group, title="Betas styregruppemøde", starts_at=at(3))
    MilestoneFactory(product=world.product, title="Alpha-milepæl")
    MilestoneFactory(product=world.other_product, title="Beta-milepæl")
    _token, dave = create_calendar_token(user=world["dave"])
    _token, grace = create_calendar_token(user=world["grace"])

    daves_meetings = client.get(reverse("governance:feed_person", args=[dave])).content.decode()
    daves_milestones = client.get(reverse("planning:calendar_feed", args=[dave])).content.decode()
    graces_milestones = client.get(reverse("planning:calendar_feed", args=[grace])).content.decode()

    assert "Alfas styregruppemøde" in daves_meetings and "Betas styregruppemøde" not in daves_meetings
    assert "Alpha-milepæl" in daves_milestones and "Beta-milepæl" not in daves_milestones
    assert "Beta-milepæl" in graces_milestones and "Alpha-milepæl" not in graces_milestones
    # A body's feed is the body's: grace may not see OS2alpha's steering group at all.
    assert client.get(reverse("governance:feed_body", args=[grace, world.steering.pk])).status_code == 404


def test_a_user_without_a_person_is_not_offered_the_milestones(world: Any, client: Any, rf: Any) -> None:
    nobody = f.UserFactory(username="nemo")
    _raw, urls = make_address(client, nobody)

    assert urls == [urls[0]] and "/styring/kalender/" in urls[0]  # only governance's own feed
    request = rf.get("/")
    assert [url for _label, url in calendar_feeds(request, nobody, "cal_x")] == [
        "http://testserver/styring/kalender/cal_x/mig.ics"
    ]
    _token, raw = create_calendar_token(user=nobody)
    assert client.get(reverse("planning:calendar_feed", args=[raw])).status_code == 404


def test_the_old_calendar_pages_send_you_to_the_new_one(world: Any, client: Any) -> None:
    client.force_login(world["carol"])

    for name in ("governance:feeds", "planning:calendar_settings"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"] == PAGE
    assert client.post(reverse("planning:calendar_revoke"))["Location"] == PAGE


def test_the_header_and_the_governance_menu_link_to_the_page(world: Any, client: Any) -> None:
    client.force_login(world["carol"])

    assert f'href="{PAGE}"' in page_text(client.get(reverse("governance:index")))
    assert f'href="{PAGE}"' in page_text(client.get(reverse("planning:milestone_list")))


def test_the_page_reads_a_fixed_number_of_queries_whatever_the_number_of_bodies(
    world: Any, client: Any
) -> None:
    dave = world["dave"]
    create_calendar_token(user=dave)

    def queries_with(bodies: int) -> int:
        for n in range(bodies - dave.person.memberships.count()):
            f.MembershipFactory(
                person=dave.person, body=f.BodyFactory(product=world.product, name=f"Gruppe {bodies}-{n}")
            )
        dave.refresh_from_db()
        client.force_login(dave)  # new memberships end the sessions begun before them
        client.get(PAGE)  # warm-up
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE).status_code == 200
        return len(queries)

    assert queries_with(5) == queries_with(50)
