"""Rows for governance: meetings of OS2alpha's steering group (dave is a member), its decisions,
mandates and annual cycle, the public log and the calendar feeds.

Governance data is internal: suppliers (erin) see none of it unless published; the board (frank)
reads all of it but writes only its own; members of a body (dave) write its meetings and record its
decisions; the product's coordinator (carol) and the program manager (bob) write the product's.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from programkontor.accounts.services import create_calendar_token
from programkontor.governance.models import AgendaItemKind, AgendaItemReference, Decision
from tests import factories as f
from tests.governance.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    CycleEventFactory,
    DecisionFactory,
    MandateFactory,
    MeetingFactory,
)
from tests.security.matrix import Row, everyone

READ_GOV = "A:missing S:ok B:ok G:missing C:ok D:ok E:missing F:ok M:missing"
EDIT_GOV = "A:login S:ok B:ok G:missing C:ok D:ok E:missing F:denied M:missing"
EDIT_MANDATE = "A:login S:ok B:ok G:missing C:denied D:ok E:missing F:denied M:missing"
ADD_GOV = "A:login S:ok B:ok G:ok C:ok D:ok E:denied F:ok M:denied"
POSTED = "A:login S:invalid B:invalid G:missing C:invalid D:invalid E:missing F:denied M:missing"
APPROVE = "A:login S:redirect B:redirect G:missing C:redirect D:redirect E:missing F:denied M:missing"

API_READ = READ_GOV
API_EDIT = EDIT_GOV
# G names a body it cannot see (400); F sees it but may not change what it would create (403: the
# gate checks the new row, see core.services.create).
API_ADD = "A:login S:ok B:ok G:invalid C:ok D:ok E:denied F:denied M:denied"
# Parts of a decision or meeting: the parent must be one the writer may change (else 400).
API_ADD_PART = "A:login S:ok B:ok G:invalid C:ok D:ok E:denied F:invalid M:denied"


class Gov:
    """Governance rows on the test world, made once per world."""

    def __init__(self, w: Any) -> None:
        today = timezone.localdate()
        self.meeting = MeetingFactory(body=w.steering)
        self.next_meeting = MeetingFactory(
            body=w.steering, starts_at=self.meeting.starts_at + datetime.timedelta(days=30)
        )
        self.item = AgendaItemFactory(meeting=self.meeting, title="Status")
        self.approval = AgendaItemFactory(
            meeting=self.next_meeting, kind=AgendaItemKind.APPROVAL_OF_MINUTES, approves_meeting=self.meeting
        )
        self.attachment = self.item.attachments.create(title="Notat", url="https://example.org/notat")
        self.attendance = AttendanceFactory(meeting=self.meeting, person=w["dave"].person)
        self.decision = DecisionFactory(
            product=w.product, decided_by_body=w.steering, title="Alfas beslutning"
        )
        self.reference = AgendaItemReference.objects.create(
            item=self.item,
            target_type=ContentType.objects.get_for_model(Decision),
            target_id=self.decision.pk,
        )
        self.link = self.decision.links.create(description="Prioritet ændret")
        self.mandate = MandateFactory(product=w.product, grantor_body=w.steering, valid_from=today)
        self.event = CycleEventFactory(product=w.product, body=w.steering, kind="meeting")
        self.public_body = f.BodyFactory(
            product=w.published_product, is_published=True, name="Offentlig gruppe"
        )
        self.token = create_calendar_token(user=w["alice"])[1]


def gov(w: Any) -> Gov:
    if not hasattr(w, "_gov"):
        w._gov = Gov(w)
    return w._gov  # type: ignore[no-any-return]


def pk(attribute: str) -> Any:
    return lambda w: {"pk": getattr(gov(w), attribute).pk}


def parent(attribute: str) -> Any:
    return lambda w: {"parent": getattr(gov(w), attribute).pk}


WEB: dict[str, Row] = {
    "governance:index": Row(outcomes=everyone("ok")),
    # Decision log
    "governance:decision_list": Row(outcomes=everyone("ok")),
    "governance:decision_add": Row(outcomes=ADD_GOV),
    "governance:decision_detail": Row(pk("decision"), READ_GOV),
    "governance:decision_edit": Row(pk("decision"), EDIT_GOV),
    "governance:decision_publish": Row(pk("decision"), EDIT_GOV),
    "governance:decision_delete": Row(pk("decision"), EDIT_GOV),
    "governance:decision_route": Row(pk("decision"), EDIT_GOV),
    "governance:decision_link_add": Row(parent("decision"), EDIT_GOV),
    "governance:decision_link_delete": Row(pk("link"), EDIT_GOV),
    "governance:public_log": Row(outcomes=everyone("ok")),
    "governance:public_log_markdown": Row(outcomes=everyone("ok")),
    # Meetings
    "governance:meeting_list": Row(outcomes=everyone("ok")),
    "governance:meeting_add": Row(outcomes=ADD_GOV),
    "governance:meeting_detail": Row(pk("meeting"), READ_GOV),
    "governance:meeting_edit": Row(pk("meeting"), EDIT_GOV),
    "governance:meeting_publish": Row(pk("meeting"), EDIT_GOV),
    "governance:meeting_delete": Row(pk("meeting"), EDIT_GOV),
    "governance:meeting_transition": Row(pk("meeting"), POSTED, method="post"),
    "governance:meeting_attendance": Row(pk("meeting"), EDIT_GOV),
    "governance:meeting_minutes": Row(pk("meeting"), EDIT_GOV),
    "governance:meeting_print": Row(pk("meeting"), READ_GOV),
    "governance:meeting_pdf": Row(pk("meeting"), READ_GOV),
    "governance:meeting_ics": Row(pk("meeting"), READ_GOV),
    "governance:agenda_item_add": Row(parent("meeting"), EDIT_GOV),
    "governance:guest_add": Row(parent("meeting"), EDIT_GOV),
    "governance:agenda_item_edit": Row(pk("item"), EDIT_GOV),
    "governance:agenda_item_delete": Row(pk("item"), EDIT_GOV),
    "governance:agenda_item_approve": Row(pk("approval"), APPROVE, method="post"),
    "governance:reference_add": Row(pk("item"), EDIT_GOV),
    "governance:attachment_add": Row(parent("item"), EDIT_GOV),
    "governance:attachment_delete": Row(pk("attachment"), EDIT_GOV),
    "governance:reference_delete": Row(pk("reference"), EDIT_GOV),
    "governance:attendance_delete": Row(pk("attendance"), EDIT_GOV),
    # Mandates
    "governance:mandate_list": Row(outcomes=everyone("ok")),
    "governance:mandate_add": Row(outcomes=ADD_GOV),
    "governance:mandate_check": Row(outcomes=everyone("ok")),
    "governance:mandate_detail": Row(pk("mandate"), READ_GOV),
    "governance:mandate_edit": Row(pk("mandate"), EDIT_MANDATE),
    "governance:mandate_publish": Row(pk("mandate"), EDIT_MANDATE),
    # Annual cycle
    "governance:cycle": Row(outcomes=everyone("ok")),
    "governance:cycle_event_add": Row(outcomes=ADD_GOV),
    "governance:cycle_event_detail": Row(pk("event"), READ_GOV),
    "governance:cycle_event_edit": Row(pk("event"), EDIT_GOV),
    "governance:cycle_event_publish": Row(pk("event"), EDIT_GOV),
    "governance:cycle_event_delete": Row(pk("event"), EDIT_GOV),
    "governance:cycle_event_generate": Row(pk("event"), EDIT_GOV),
    # Calendar feeds: the token decides, not the session (alice's token works for anyone holding it).
    "governance:feeds": Row(outcomes=everyone("redirect")),  # moved to accounts:calendar
    "governance:feed_public": Row(outcomes=everyone("ok")),
    "governance:feed_public_body": Row(lambda w: {"pk": gov(w).public_body.pk}, everyone("ok")),
    "governance:feed_person": Row(lambda w: {"token": gov(w).token}, everyone("ok")),
    "governance:feed_body": Row(lambda w: {"token": gov(w).token, "pk": w.steering.pk}, everyone("ok")),
}


def starts() -> str:
    return (timezone.now() + datetime.timedelta(days=20)).isoformat()


API: dict[tuple[str, str], Row] = {
    ("api:decision-list", "get"): Row(outcomes=everyone("ok"), api=True),
    ("api:decision-list", "post"): Row(
        outcomes=API_ADD,
        api=True,
        data=lambda w: {"title": "Ny beslutning", "date": "2026-06-01", "decided_by_body": w.steering.pk},
    ),
    ("api:decision-detail", "get"): Row(pk("decision"), API_READ, api=True),
    ("api:decision-detail", "patch"): Row(
        pk("decision"), API_EDIT, api=True, data=lambda w: {"title": "Ny titel"}
    ),
    ("api:decision-detail", "delete"): Row(pk("decision"), API_EDIT, api=True),
    ("api:decisionlink-list", "get"): Row(outcomes=everyone("ok"), api=True),
    ("api:decisionlink-list", "post"): Row(
        outcomes=API_ADD_PART,
        api=True,
        data=lambda w: {"decision": gov(w).decision.pk, "description": "Budget ændret"},
    ),
    ("api:decisionlink-detail", "get"): Row(pk("link"), API_READ, api=True),
    ("api:decisionlink-detail", "patch"): Row(
        pk("link"), API_EDIT, api=True, data=lambda w: {"description": "Ny"}
    ),
    ("api:decisionlink-detail", "delete"): Row(pk("link"), API_EDIT, api=True),
    ("api:meeting-list", "get"): Row(outcomes=everyone("ok"), api=True),
    ("api:meeting-list", "post"): Row(
        outcomes=API_ADD, api=True, data=lambda w: {"body": w.steering.pk, "starts_at": starts()}
    ),
    ("api:meeting-detail", "get"): Row(pk("meeting"), API_READ, api=True),
    ("api:meeting-detail", "patch"): Row(
        pk("meeting"), API_EDIT, api=True, data=lambda w: {"location": "Rådhuset"}
    ),
    ("api:meeting-detail", "delete"): Row(pk("meeting"), API_EDIT, api=True),
    ("api:meeting-transition", "post"): Row(
        pk("meeting"), API_EDIT, api=True, data=lambda w: {"target": "agenda_sent", "version": 1}
    ),
    ("api:agendaitem-list", "get"): Row(outcomes=everyone("ok"), api=True),
    ("api:agendaitem-list", "post"): Row(
        outcomes=API_ADD_PART, api=True, data=lambda w: {"meeting": gov(w).meeting.pk, "title": "Nyt punkt"}
    ),
    ("api:agendaitem-detail", "get"): Row(pk("item"), API_READ, api=True),
    ("api:agendaitem-detail", "patch"): Row(
        pk("item"), API_EDIT, api=True, data=lambda w: {"minutes": "Godkendt."}
    ),
    ("api:agendaitem-detail", "delete"): Row(pk("item"), API_EDIT, api=True),
    ("api:agendaattachment-list", "get"): Row(outcomes=everyone("ok"), api=True),
    ("api:agendaattachment-list", "post"): Row(
        outcomes=API_ADD_PART,
        api=True,
        data=lambda w: {"item": gov(w).item.pk, "title": "Bilag", "url": "https://example.org/bilag"},
    ),
    ("api:agendaattachment-detail", "get"): Row(pk("attachment"), API_READ, api=True),
    ("api:agendaattachment-detail", "patch"): Row(
        pk("attachment"), API_EDIT, api=True, data=lambda w: {"title": "Ny"}
    ),
    ("api:agendaattachment-detail", "delete"): Row(pk("attachment"), API_EDIT, api=True),
    ("api:agendareference-list", "get"): Row(outcomes=everyone("ok"), api=True),
    ("api:agendareference-list", "post"): Row(
        outcomes=API_ADD_PART,
        api=True,
        data=lambda w: {
            "item": gov(w).next_meeting.agenda_items.first().pk,
            "target": f"governance.decision:{gov(w).decision.pk}",
        },
    ),
    ("api:agendareference-detail", "get"): Row(pk("reference"), API_READ, api=True),
    ("api:agendareference-detail", "patch"): Row(
        pk("reference"),
        API_EDIT,
        api=True,
        data=lambda w: {"target": f"governance.decision:{gov(w).decision.pk}"},
    ),
    ("api:agendareference-detail", "delete"): Row(pk("reference"), API_EDIT, api=True),
    ("api:attendance-list", "get"): Row(outcomes=everyone("ok"), api=True),
    ("api:attendance-list", "post"): Row(
        outcomes=API_ADD_PART,
        api=True,
        data=lambda w: {"meeting": gov(w).meeting.pk, "name": "Gæst", "is_guest": True},
    ),
    ("api:attendance-detail", "get"): Row(pk("attendance"), API_READ, api=True),
    ("api:attendance-detail", "patch"): Row(
        pk("attendance"), API_EDIT, api=True, data=lambda w: {"status": "present"}
    ),
    ("api:attendance-detail", "delete"): Row(pk("attendance"), API_EDIT, api=True),
    ("api:mandate-list", "get"): Row(outcomes=everyone("ok"), api=True),
    ("api:mandate-list", "post"): Row(
        outcomes="A:login S:ok B:ok G:invalid C:denied D:ok E:denied F:denied M:denied",
        api=True,
        data=lambda w: {
            "title": "Nyt mandat",
            "kind": "invoice_approval",
            "holder_role": "product_coordinator",
            "grantor_body": w.steering.pk,
            "valid_from": "2026-01-01",
        },
    ),
    ("api:mandate-detail", "get"): Row(pk("mandate"), API_READ, api=True),
    ("api:mandate-detail", "patch"): Row(
        pk("mandate"), EDIT_MANDATE, api=True, data=lambda w: {"title": "Ny"}
    ),
    ("api:mandate-detail", "delete"): Row(pk("mandate"), EDIT_MANDATE, api=True),
    ("api:cycleevent-list", "get"): Row(outcomes=everyone("ok"), api=True),
    ("api:cycleevent-list", "post"): Row(
        outcomes="A:login S:ok B:ok G:invalid C:ok D:denied E:denied F:denied M:denied",
        api=True,
        data=lambda w: {
            "title": "Frist",
            "kind": "deadline",
            "product": w.product.pk,
            "day": 1,
            "valid_from": "2026-01-01",
        },
    ),
    ("api:cycleevent-detail", "get"): Row(pk("event"), API_READ, api=True),
    ("api:cycleevent-detail", "patch"): Row(pk("event"), API_EDIT, api=True, data=lambda w: {"title": "Ny"}),
    ("api:cycleevent-detail", "delete"): Row(pk("event"), API_EDIT, api=True),
}
