"""Work items as something agenda items concern (governance's ``register_linkable``): offered only when
the user may see them and they belong to the meeting's product or program, refused otherwise."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from programkontor.core.registry import registered_linkable as linkable
from programkontor.governance.links import concern_choices
from programkontor.governance.models import AgendaItemReference
from programkontor.planning.models import WorkItem
from tests.governance.factories import AgendaItemFactory, MeetingFactory
from tests.planning.factories import WorkItemFactory


def option_values(page: str) -> set[str]:
    return set(re.findall(r'<option value="(planning\.workitem:\d+)"', page))


def choice(item: WorkItem) -> str:
    return f"planning.workitem:{item.pk}"


def test_work_items_are_registered_with_governance() -> None:
    registered = linkable("planning.workitem")

    assert registered is not None and registered.model is WorkItem


def test_an_agenda_item_can_concern_a_work_item_of_the_bodys_product(
    world: Any, pw: Any, client: Any
) -> None:
    agenda_item = AgendaItemFactory(meeting=MeetingFactory(body=world.steering), title="Prioriteter")
    beta = WorkItemFactory(product=world.other_product, title="Beta-opgave")
    archived = WorkItemFactory(product=world.product, title="Gammel Alpha-opgave", archived_at=timezone.now())
    url = reverse("governance:reference_add", args=[agenda_item.pk])
    client.force_login(world["dave"])  # a member of OS2alpha's steering group

    form = client.get(url)

    assert form.status_code == 200
    offered = option_values(form.content.decode())
    assert choice(pw.item) in offered
    assert choice(beta) not in offered  # another product, which dave may not see
    assert choice(pw.public_item) not in offered  # published, but of another product
    assert choice(archived) not in offered

    response = client.post(url, {"target": choice(pw.item)})

    assert response.status_code == 302
    reference = AgendaItemReference.objects.get(item=agenda_item)
    assert reference.target_type == ContentType.objects.get_for_model(WorkItem)
    assert reference.target_id == pw.item.pk
    page = client.get(agenda_item.meeting.get_absolute_url()).content.decode()
    assert f'<a href="{reverse("planning:workitem_detail", args=[pw.item.pk])}">Alpha-opgave</a>' in page


def test_a_work_item_the_user_may_not_see_is_refused(world: Any, pw: Any, client: Any) -> None:
    agenda_item = AgendaItemFactory(meeting=MeetingFactory(body=world.steering))
    beta = WorkItemFactory(product=world.other_product, title="Beta-opgave")
    client.force_login(world["dave"])

    response = client.post(
        reverse("governance:reference_add", args=[agenda_item.pk]), {"target": choice(beta)}
    )

    assert response.status_code == 400
    assert not AgendaItemReference.objects.filter(item=agenda_item).exists()

    api = APIClient()
    api.force_authenticate(world["dave"])
    refused = api.post(
        reverse("api:agendareference-list"), {"item": agenda_item.pk, "target": choice(beta)}, format="json"
    )
    assert refused.status_code == 400
    assert not AgendaItemReference.objects.filter(item=agenda_item).exists()


def test_a_program_bodys_agenda_offers_the_programs_and_its_products_work_items(world: Any, pw: Any) -> None:
    program_item = WorkItemFactory(product=None, program=world.program, title="Velfærd-opgave")
    other_program_item = WorkItemFactory(product=None, program=world.other_program, title="Infra-opgave")

    offered = {
        value
        for _label, options in concern_choices(world["bob"], None, world.program.pk)
        for value, _text in options
    }

    assert {choice(program_item), choice(pw.item)} <= offered
    assert choice(other_program_item) not in offered and choice(pw.public_item) not in offered
    # A body of the whole association (the board: neither product nor program) has no work items.
    assert not any(
        value.startswith("planning.workitem:")
        for _label, options in concern_choices(world["alice"], None, None)
        for value, _text in options
    )


def test_a_reader_who_may_not_see_the_work_item_is_not_shown_it(world: Any, pw: Any, client: Any) -> None:
    meeting = MeetingFactory(body=world.steering)
    agenda_item = AgendaItemFactory(meeting=meeting)
    AgendaItemReference.objects.create(
        item=agenda_item, target_type=ContentType.objects.get_for_model(WorkItem), target_id=pw.item.pk
    )
    client.force_login(world["frank"])  # the board reads the meeting and the work item
    assert "Alpha-opgave" in client.get(meeting.get_absolute_url()).content.decode()
    pw.item.product = world.other_product  # moved to a product frank may see, dave may not
    pw.item.timebox = None
    pw.item.save()
    client.force_login(world["dave"])

    page = client.get(meeting.get_absolute_url()).content.decode()

    assert "Alpha-opgave" not in page
