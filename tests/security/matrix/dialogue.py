"""Rows for the dialogue log: the list, an entry's page, its forms and archiving, the follow-ups' forms
and done button, and the API.

The object is a call with Leverandør ApS about OS2alpha, logged by alice, with a follow-up owned by
dave (``tests/dialogue/factories.py``). The log is internal: OS2alpha's internal readers (bob, carol,
dave, the board) see it, its writers change it; erin, the supplier's own contact, does not see notes
about her company, and grace and mallory do not know it exists. Dave may mark his follow-up done.
"""

from __future__ import annotations

from typing import Any

from tests.dialogue.factories import comment_world, entry_world, follow_up_world, risk_world
from tests.security.matrix import LOGGED_IN, Row, pk_of

READ_ENTRY = "A:missing S:ok B:ok G:missing C:ok D:ok E:missing F:ok M:missing"
EDIT_ENTRY = "A:login S:ok B:ok G:missing C:ok D:denied E:missing F:denied M:missing"
EDIT_FOLLOW_UP = "A:login S:ok B:ok G:missing C:ok D:ok E:missing F:denied M:missing"
LOGGERS = "A:login S:ok B:ok G:ok C:ok D:denied E:denied F:ok M:denied"
ON_ALPHA_POST = "A:login S:ok B:ok G:invalid C:ok D:denied E:denied F:ok M:denied"
FOLLOW_UP_POST = "A:login S:ok B:ok G:invalid C:ok D:invalid E:invalid F:invalid M:invalid"

# Comments: carol's comment on a risk on OS2alpha, mentioning dave. The risk's internal readers read
# and write the thread (tests/dialogue/test_comments.py posts); others do not know it exists. Its
# author (carol) and the secretariat change and delete the comment; the other readers may not.
READ_RISK = "A:login S:ok B:ok G:missing C:ok D:ok E:missing F:ok M:missing"
READ_COMMENT = "A:missing S:ok B:ok G:missing C:ok D:ok E:missing F:ok M:missing"
EDIT_COMMENT = "A:login S:ok B:denied G:missing C:ok D:denied E:missing F:denied M:missing"
COMMENT_POST = "A:login S:ok B:ok G:invalid C:ok D:ok E:invalid F:ok M:invalid"

entry = pk_of(entry_world)
follow_up = pk_of(follow_up_world)


def new_entry(w: Any) -> dict[str, Any]:
    return {
        "kind": "meeting",
        "party": "supplier",
        "date": "2026-11-20",
        "title": "Statusmøde",
        "product": w.product.pk,
        "organisations": [w.supplier.pk],
    }


def new_follow_up(w: Any) -> dict[str, Any]:
    return {
        "entry": entry_world(w).pk,
        "text": "Ring tilbage",
        "owner": w["carol"].person.pk,
        "due_date": "2026-12-24",
    }


def world_entry(w: Any) -> dict[str, Any]:
    entry_world(w)
    return {}


def thread_of_risk(w: Any) -> dict[str, Any]:
    comment_world(w)
    return {"target": "planning.risk", "pk": risk_world(w).pk}


def new_comment(w: Any) -> dict[str, Any]:
    return {"target": f"planning.risk:{risk_world(w).pk}", "text": "Enig, @carol"}


WEB: dict[str, Row] = {
    "dialogue:comment_thread": Row(thread_of_risk, READ_RISK),
    "dialogue:entry_list": Row(world_entry, LOGGED_IN),
    "dialogue:entry_add": Row(outcomes=LOGGERS),
    "dialogue:entry_detail": Row(entry, READ_ENTRY),
    "dialogue:entry_edit": Row(entry, EDIT_ENTRY),
    "dialogue:entry_archive": Row(entry, EDIT_ENTRY),
    "dialogue:follow_up_add": Row(lambda w: {"parent": entry_world(w).pk}, EDIT_ENTRY),
    "dialogue:follow_up_edit": Row(follow_up, EDIT_FOLLOW_UP),
    "dialogue:follow_up_done": Row(follow_up, EDIT_FOLLOW_UP),
    "dialogue:follow_up_delete": Row(follow_up, EDIT_FOLLOW_UP),
}

API: dict[tuple[str, str], Row] = {
    ("api:dialogue-entry-list", "get"): Row(world_entry, LOGGED_IN.replace("A:login", "A:ok"), api=True),
    ("api:dialogue-entry-list", "post"): Row(outcomes=ON_ALPHA_POST, api=True, data=new_entry),
    ("api:dialogue-entry-detail", "get"): Row(entry, READ_ENTRY, api=True),
    ("api:dialogue-entry-detail", "patch"): Row(
        entry, EDIT_ENTRY, api=True, data=lambda w: {"title": "Nyt emne"}
    ),
    ("api:dialogue-entry-detail", "delete"): Row(entry, EDIT_ENTRY, api=True),
    ("api:dialogue-follow-up-list", "get"): Row(world_entry, LOGGED_IN.replace("A:login", "A:ok"), api=True),
    ("api:dialogue-follow-up-list", "post"): Row(outcomes=FOLLOW_UP_POST, api=True, data=new_follow_up),
    ("api:dialogue-follow-up-detail", "get"): Row(follow_up, READ_ENTRY, api=True),
    ("api:dialogue-follow-up-detail", "patch"): Row(
        follow_up, EDIT_FOLLOW_UP, api=True, data=lambda w: {"done_on": "2026-12-01"}
    ),
    ("api:dialogue-follow-up-detail", "delete"): Row(follow_up, EDIT_FOLLOW_UP, api=True),
    ("api:dialogue-comment-list", "get"): Row(
        lambda w: (comment_world(w), {})[1], LOGGED_IN.replace("A:login", "A:ok"), api=True
    ),
    ("api:dialogue-comment-list", "post"): Row(outcomes=COMMENT_POST, api=True, data=new_comment),
    ("api:dialogue-comment-detail", "get"): Row(pk_of(comment_world), READ_COMMENT, api=True),
    ("api:dialogue-comment-detail", "patch"): Row(
        pk_of(comment_world), EDIT_COMMENT, api=True, data=lambda w: {"text": "Rettet"}
    ),
    ("api:dialogue-comment-detail", "delete"): Row(pk_of(comment_world), EDIT_COMMENT, api=True),
}
