"""Nothing is overwritten silently and nothing is half-removed on a meeting's pages and endpoints.

Issue 10 found that the attendance page ignored the version it carried, that the minutes page wrote
over agenda-item minutes changed meanwhile through the API, and that a refused delete of a meeting
(stale version) still removed its agenda items and invitations.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from programkontor.core import services
from programkontor.governance import services as governance
from programkontor.governance.models import AgendaItem, Attendance, Meeting
from tests.api.conftest import detail_url
from tests.governance.factories import AgendaItemFactory, AttendanceFactory, MeetingFactory, at


@pytest.fixture
def meeting(world: Any) -> Meeting:
    meeting = MeetingFactory(body=world.steering, starts_at=at(-1), status="agenda_sent")
    AgendaItemFactory(meeting=meeting, title="Status", position=1, minutes="")
    AttendanceFactory(meeting=meeting, person=world["dave"].person, status="invited")
    return meeting


def _someone_else_changes(obj: Any, actor: Any, **changes: Any) -> None:
    services.update(obj, actor=actor, expected_version=obj.version, changes=changes)


def test_the_attendance_page_refuses_to_undo_a_change_made_meanwhile(
    world: Any, client: Any, meeting: Any
) -> None:
    attendance = meeting.attendances.get()
    client.force_login(world["carol"])
    page = client.get(reverse("governance:meeting_attendance", args=[meeting.pk]))
    assert f'name="seen_{attendance.pk}" value="{attendance.version}"' in page.content.decode()
    _someone_else_changes(attendance, world["bob"], status="apologies", note="Syg")

    response = client.post(
        reverse("governance:meeting_attendance", args=[meeting.pk]),
        {
            f"seen_{attendance.pk}": attendance.version - 1,
            f"status_{attendance.pk}": "present",
            f"note_{attendance.pk}": "",
        },
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Bob Testsen" in page
    assert Attendance.objects.get(pk=attendance.pk).status == "apologies"
    # The page now carries the stored version: saving again is a deliberate choice and is accepted.
    assert f'name="seen_{attendance.pk}" value="{attendance.version}"' in page
    again = client.post(
        reverse("governance:meeting_attendance", args=[meeting.pk]),
        {
            f"seen_{attendance.pk}": attendance.version,
            f"status_{attendance.pk}": "present",
            f"note_{attendance.pk}": "",
        },
    )
    assert again.status_code == 302
    assert Attendance.objects.get(pk=attendance.pk).status == "present"


def test_the_attendance_page_accepts_a_row_changed_meanwhile_when_it_sends_what_is_stored(
    world: Any, client: Any, meeting: Any
) -> None:
    attendance = meeting.attendances.get()
    seen = attendance.version
    _someone_else_changes(attendance, world["bob"], status="present")
    client.force_login(world["carol"])

    response = client.post(
        reverse("governance:meeting_attendance", args=[meeting.pk]),
        {f"seen_{attendance.pk}": seen, f"status_{attendance.pk}": "present", f"note_{attendance.pk}": ""},
    )

    assert response.status_code == 302


def test_the_minutes_page_refuses_to_overwrite_minutes_changed_through_the_api(
    world: Any, client: Any, api: Any, meeting: Any
) -> None:
    item = meeting.agenda_items.get()
    seen = item.version
    changed = api("bob").patch(
        detail_url("agendaitem", item.pk),
        {"minutes": "Bobs referat"},
        format="json",
        HTTP_IF_MATCH=f'"{item.version}"',
    )
    assert changed.status_code == 200, changed.content
    client.force_login(world["carol"])

    response = client.post(
        reverse("governance:meeting_minutes", args=[meeting.pk]),
        {
            "version": meeting.version,
            f"seen_{item.pk}": seen,
            f"minutes_{item.pk}": "Carols referat",
            "summary": "Resumé",
        },
    )

    assert response.status_code == 409
    assert "Bobs referat" in response.content.decode()
    stored = Meeting.objects.get(pk=meeting.pk)
    assert AgendaItem.objects.get(pk=item.pk).minutes == "Bobs referat"
    assert stored.minutes_summary == ""  # nothing of the page was saved, the summary neither
    assert stored.version == meeting.version


def test_a_stale_delete_through_the_api_removes_nothing(world: Any, api: Any) -> None:
    meeting = MeetingFactory(body=world.steering, starts_at=at(5), status="draft_agenda")
    AgendaItemFactory(meeting=meeting, title="Punkt", position=1)
    AttendanceFactory(meeting=meeting, person=world["dave"].person)

    response = api("carol").delete(
        detail_url("meeting", meeting.pk), HTTP_IF_MATCH=f'"{meeting.version + 3}"'
    )

    assert response.status_code == 412
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert meeting.agenda_items.count() == 1
    assert meeting.attendances.count() == 1


def test_a_delete_without_a_version_is_refused_with_428(world: Any, api: Any) -> None:
    meeting = MeetingFactory(body=world.steering, starts_at=at(5), status="draft_agenda")

    response = api("carol").delete(detail_url("meeting", meeting.pk))

    assert response.status_code == 428
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_current_delete_through_the_api_removes_the_meeting_and_its_parts(world: Any, api: Any) -> None:
    meeting = MeetingFactory(body=world.steering, starts_at=at(5), status="draft_agenda")
    item = AgendaItemFactory(meeting=meeting, title="Punkt", position=1)

    response = api("carol").delete(detail_url("meeting", meeting.pk), HTTP_IF_MATCH=f'"{meeting.version}"')

    assert response.status_code == 204
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    assert item.history.latest().history_user == world["carol"]


def test_a_stale_delete_on_the_web_removes_nothing(world: Any, client: Any) -> None:
    meeting = MeetingFactory(body=world.steering, starts_at=at(5), status="draft_agenda")
    AgendaItemFactory(meeting=meeting, title="Punkt", position=1)
    AttendanceFactory(meeting=meeting, person=world["dave"].person)
    client.force_login(world["carol"])

    response = client.post(
        reverse("governance:meeting_delete", args=[meeting.pk]),
        {"version": meeting.version + 1, "reason": ""},
    )

    assert response.status_code == 302
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert (meeting.agenda_items.count(), meeting.attendances.count()) == (1, 1)


def test_the_delete_service_claims_the_version_before_removing_anything(world: Any) -> None:
    meeting = MeetingFactory(body=world.steering, starts_at=at(5), status="draft_agenda")
    AgendaItemFactory(meeting=meeting, title="Punkt", position=1)

    with pytest.raises(services.ConflictError):
        governance.delete_meeting(meeting, actor=world["carol"], expected_version=meeting.version + 1)

    assert meeting.agenda_items.count() == 1
