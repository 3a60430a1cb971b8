"""The digest of *Til mig* by e-mail (real SMTP): weekly by default, daily or off as the user
chooses, once per user and period, with only what the user may open, and a link that turns it off."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from programkontor.mail.digest import send_digests
from programkontor.mail.models import DigestChoice
from programkontor.mail.services import deliver_due
from tests.economy.factories import economy_of
from tests.mail.smtp import Inbox


def _monday() -> datetime.date:
    today = timezone.localdate()
    return today + datetime.timedelta(days=(7 - today.weekday()) % 7)


def _digests(smtp: Inbox, to: str) -> list[Any]:
    return [m for m in smtp.to(to) if "venter på dig" in Inbox.subject(m)]


def _setup(world: Any, smtp: Inbox) -> Any:
    economy = economy_of(world)
    deliver_due()
    smtp.messages.clear()  # the invoices' own mails
    return economy


def test_everyone_gets_what_waits_for_them_on_monday_by_default(world: Any, smtp: Inbox) -> None:
    _setup(world, smtp)
    outcome = send_digests(today=_monday())
    deliver_due()
    [digest] = _digests(smtp, "carol@example.org")
    assert Inbox.subject(digest) == "Programkontor: 1 ting venter på dig"
    text = Inbox.text(digest)
    assert "Kære Carol Testsen" in text
    assert "Fakturaer til godkendelse (1)" in text
    assert "F-2" in text and "Godkend" in text
    assert re.search(r"https://pk\.example\.dk/oekonomi/fakturaer/\d+/", text)
    assert "https://pk.example.dk/post/sammendrag/" in text  # choose how often
    assert "https://pk.example.dk/post/sammendrag/fra/" in text  # stop it
    # Only what each may open: the supplier, the steering-group member and mallory wait for no invoice.
    for name in ("erin", "dave", "mallory"):
        assert all("F-2" not in Inbox.text(m) for m in _digests(smtp, f"{name}@example.org")), name
    assert outcome.queued == len({str(m["To"]) for m in smtp.messages})


def test_the_same_period_is_sent_once(world: Any, smtp: Inbox) -> None:
    _setup(world, smtp)
    send_digests(today=_monday())
    again = send_digests(today=_monday())
    deliver_due()
    assert again.queued == 0 and again.already > 0
    assert len(_digests(smtp, "carol@example.org")) == 1


def test_weekly_digests_wait_for_monday_and_daily_ones_come_every_day(world: Any, smtp: Inbox) -> None:
    _setup(world, smtp)
    DigestChoice.objects.create(user=world["bob"], frequency="daily")
    tuesday = _monday() + datetime.timedelta(days=1)
    send_digests(today=tuesday)
    send_digests(today=tuesday + datetime.timedelta(days=1))
    deliver_due()
    assert len(_digests(smtp, "bob@example.org")) == 2
    assert _digests(smtp, "carol@example.org") == []


def test_a_user_who_turned_it_off_gets_nothing(world: Any, smtp: Inbox) -> None:
    _setup(world, smtp)
    client = Client()
    client.force_login(world["carol"])
    page = client.get(reverse("mail:digest")).content.decode()
    assert 'value="weekly" checked' in page  # the default
    client.post(reverse("mail:digest"), {"frequency": "off"})
    assert 'value="off" checked' in client.get(reverse("mail:digest")).content.decode()
    send_digests(today=_monday())
    deliver_due()
    assert _digests(smtp, "carol@example.org") == []
    assert _digests(smtp, "bob@example.org") != []


def test_the_link_in_the_mail_turns_it_off_without_logging_in(world: Any, smtp: Inbox) -> None:
    _setup(world, smtp)
    call_command("send_digests", date=_monday().isoformat())
    [digest] = _digests(smtp, "bob@example.org")
    link = re.search(r"https://pk\.example\.dk(/post/sammendrag/fra/[^\s]+/)", Inbox.text(digest))
    assert link is not None
    anonymous = Client()
    assert "Stop e-mailen" in anonymous.get(link.group(1)).content.decode()
    done = anonymous.post(link.group(1)).content.decode()
    assert "Du får ikke længere e-mailen" in done
    assert DigestChoice.objects.get(user=world["bob"]).frequency == "off"
    # A link that was tampered with is not found.
    assert anonymous.get(link.group(1)[:-3] + "x/").status_code == 404
    # Next week: nothing for bob.
    send_digests(today=_monday() + datetime.timedelta(days=7))
    deliver_due()
    assert len(_digests(smtp, "bob@example.org")) == 1


def test_a_kind_with_more_than_the_mail_shows_links_to_the_rest(world: Any, smtp: Inbox) -> None:
    from tests.planning.factories import RiskFactory

    _setup(world, smtp)
    monday = _monday()
    for i in range(13):
        RiskFactory(product=world.product, title=f"Risiko {i:02d}", review_date=monday)
    send_digests(today=monday)
    deliver_due()
    [digest] = _digests(smtp, "bob@example.org")
    text = Inbox.text(digest)
    assert "Risici, der skal gennemgås (13)" in text
    assert "Risiko 09" in text and "Risiko 10" not in text  # the first ten, by title
    assert "… og 3 mere: https://pk.example.dk/til-mig/planning.risks/?fra=10" in text
    html = Inbox.html(digest)
    assert '<a href="https://pk.example.dk/til-mig/planning.risks/?fra=10">… og 3 mere</a>' in html
