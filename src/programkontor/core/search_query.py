"""Reading the search index (``core/search.py``) for one user: ranked hits grouped by kind.

Every hit passes the gate: an entry is matched on its title and text only when the user may
``view`` its object, and on its internal text too only when they may ``view_internal`` it (each
kind's scope as a subquery, so the hits, the counts and the snippets come from what the user may
open, in a fixed number of queries whatever the number of hits).

PostgreSQL matches the generated Danish ``tsvector`` columns (stemmed: "beslutninger" finds
"beslutning"; each word also as a prefix) and ranks with ``ts_rank_cd`` plus the trigram word
similarity of the title (``pg_trgm``: a name found despite a typo). SQLite matches its FTS5 table
with each word as a prefix and ranks with ``bm25``. The snippet is cut from the text in Python and
escaped there; only the ``<mark>`` around the matched words is markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    F,
    FloatField,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.expressions import Expression, RawSQL
from django.db.models.functions import RowNumber
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from programkontor.core import gate
from programkontor.core.models import SearchEntry
from programkontor.core.search import Searchable, searchable, searchables

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser

MAX_WORDS = 8
MAX_WORD_LENGTH = 40
SNIPPET_WORDS = 28
#: How alike a title must be to the query to be a hit without the words matching (a typo in a name):
#: pg_trgm's word similarity, above its default 0.6 so that one right word of two is not enough.
TRIGRAM_SIMILARITY = 0.75
_WORD = re.compile(r"[^\W_]+")
#: Markdown's marks, dropped from snippets: emphasis, code, headings and quotes at a line's start, links.
_MARKUP = re.compile(r"(?m)^\s*(?:[#>]+|[-*+] )|\*+|__|`+|\]\([^)\s]*\)|[\[\]]")


def words(query: str) -> list[str]:
    """The words of a query, folded, at most ``MAX_WORDS`` (only letters and digits reach the database)."""
    return [word[:MAX_WORD_LENGTH] for word in _WORD.findall(query.casefold())][:MAX_WORDS]


# --------------------------------------------------------------------------------------------
# The two databases.


@dataclass(frozen=True)
class Match:
    """How the database matches and ranks ``terms`` on the public text, or on all of it."""

    public: Q
    full: Q
    public_score: Expression
    full_score: Expression
    #: The words to mark in the snippet (by their beginning) as ``'word' 'word'``, read with each row:
    #: on PostgreSQL the stems it searched for ("beslutninger" → 'beslutning'), else the query's words.
    highlight: Expression


def _postgresql_match(terms: list[str], query: str) -> Match:
    """Match and rank on the generated ``tsvector`` columns of migration ``core.0002`` (the public
    text, or all of it), or on a title alike the query; the query's words are parameters."""
    tsquery = " & ".join(f"{term}:*" for term in terms)
    stems = RawSQL("to_tsquery('danish'::regconfig, %s)::text", [tsquery], CharField())
    name = RawSQL(
        "(%s <%% core_searchentry.title AND word_similarity(%s, core_searchentry.title) >= %s)",
        [query, query, TRIGRAM_SIMILARITY],
        BooleanField(),
    )
    public = RawSQL(
        "core_searchentry.public_doc @@ to_tsquery('danish'::regconfig, %s)", [tsquery], BooleanField()
    )
    full = RawSQL(
        "core_searchentry.full_doc @@ to_tsquery('danish'::regconfig, %s)", [tsquery], BooleanField()
    )
    public_score = RawSQL(
        "ts_rank_cd(core_searchentry.public_doc, to_tsquery('danish'::regconfig, %s))"
        " + word_similarity(%s, core_searchentry.title)",
        [tsquery, query],
        FloatField(),
    )
    full_score = RawSQL(
        "ts_rank_cd(core_searchentry.full_doc, to_tsquery('danish'::regconfig, %s))"
        " + word_similarity(%s, core_searchentry.title)",
        [tsquery, query],
        FloatField(),
    )
    return Match(Q(public) | Q(name), Q(full) | Q(name), public_score, full_score, stems)


def _sqlite_match(terms: list[str]) -> Match:
    expression = " AND ".join(f'"{term}"*' for term in terms)
    public = f"{{title body}} : ({expression})"

    def matches(fts: str) -> Q:
        return Q(
            id__in=RawSQL("SELECT rowid FROM core_searchentry_fts WHERE core_searchentry_fts MATCH %s", [fts])
        )

    def score(fts: str) -> RawSQL:
        return RawSQL(
            "(SELECT -bm25(core_searchentry_fts, 10.0, 3.0, 1.0) FROM core_searchentry_fts"
            " WHERE core_searchentry_fts MATCH %s AND rowid = core_searchentry.id)",
            [fts],
            FloatField(),
        )

    terms_text = Value(" ".join(f"'{term}'" for term in terms), CharField())
    return Match(matches(public), matches(expression), score(public), score(expression), terms_text)


# --------------------------------------------------------------------------------------------
# What the user may find.


def _visible(user: AnyUser | None, action: str, kinds: list[Searchable]) -> Q:
    """Entries of objects ``user`` may ``action``: per kind, its scope as a subquery."""
    visible = gate.NOTHING
    for registered in kinds:
        scope = gate.scope_q(registered.model, user, action)
        if scope is gate.NOTHING:
            continue
        q = Q(kind=registered.key)
        if scope is not gate.EVERYTHING:
            q &= Q(object_id__in=registered.model._default_manager.filter(scope).values("pk"))
        visible = q if visible is gate.NOTHING else visible | q
    return visible


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    snippet: SafeString


@dataclass
class Group:
    key: str
    label: str
    count: int
    hits: list[Hit] = field(default_factory=list)


@dataclass
class Search:
    """The hits of one query for one user."""

    user: AnyUser | None
    query: str
    kinds: list[Searchable]
    terms: list[str] = field(init=False)
    match: Match | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.terms = words(self.query)

    def entries(self) -> QuerySet[SearchEntry]:
        """The matching entries the user may open, with ``score`` and ``full`` (internal text shown)."""
        nothing: QuerySet[SearchEntry] = SearchEntry.objects.none().annotate(
            full=Value(False), score=Value(0.0), stems=Value("")
        )
        if not self.terms:
            return nothing
        if self.match is None:
            self.match = (
                _postgresql_match(self.terms, self.query[:200])
                if connection.vendor == "postgresql"
                else _sqlite_match(self.terms)
            )
        view = _visible(self.user, "view", self.kinds)
        internal = _visible(self.user, "view_internal", self.kinds)
        if view is gate.NOTHING:
            return nothing
        match = self.match
        found = (
            (match.public & view)
            if internal is gate.NOTHING
            else (match.public & view) | (match.full & internal)
        )
        rows: QuerySet[SearchEntry] = SearchEntry.objects.filter(found).annotate(stems=match.highlight)
        if internal is gate.NOTHING:
            rows = rows.annotate(full=Value(False), score=match.public_score)
            return rows
        rows = rows.annotate(
            full=Case(When(internal, then=Value(True)), default=Value(False)),
            score=Case(When(internal, then=match.full_score), default=match.public_score),
        )
        return rows

    def hit(self, row: Row) -> Hit:
        text = f"{row['body']}\n{row['internal']}" if row["full"] else row["body"]
        highlight = tuple(re.findall(r"'((?:[^']|'')+)'", row["stems"] or ""))
        return Hit(row["kind"], row["title"], row["url"], snippet(text, highlight))


class Row(TypedDict):
    """An entry as a hit is made of it (``FIELDS``)."""

    kind: str
    title: str
    url: str
    body: str
    internal: str
    full: bool
    stems: str


FIELDS = tuple(Row.__annotations__)


def grouped(user: AnyUser | None, query: str, per_kind: int = 5) -> list[Group]:
    """The best ``per_kind`` hits of every kind with the number of hits, best group first.

    One query, after the user's access."""
    search = Search(user, query, searchables())
    ranked = (
        search.entries()
        .annotate(
            place=Window(RowNumber(), partition_by=[F("kind")], order_by=[F("score").desc(), F("id").asc()]),
            hits=Window(Count("id"), partition_by=[F("kind")]),
        )
        .filter(place__lte=per_kind)
        .values(*FIELDS, "hits", "score", "place")
    )
    labels = {registered.key: registered for registered in search.kinds}
    groups: dict[str, Group] = {}
    best: dict[str, float] = {}
    for row in sorted(ranked, key=lambda row: (row["kind"], row["place"])):
        group = groups.get(row["kind"])
        if group is None:
            group = groups[row["kind"]] = Group(row["kind"], str(labels[row["kind"]].label), row["hits"])
            best[row["kind"]] = row["score"] or 0.0
        group.hits.append(search.hit(row))
    return sorted(groups.values(), key=lambda group: (-best[group.key], labels[group.key].order))


def of_kind(user: AnyUser | None, query: str, key: str) -> tuple[Searchable | None, Search | None]:
    """The search of one kind (for its page of all hits), or ``(None, None)`` for an unknown kind."""
    registered = searchable(key)
    if registered is None:
        return None, None
    return registered, Search(user, query, [registered])


def ranked(search: Search) -> QuerySet[SearchEntry]:
    rows: QuerySet[SearchEntry] = search.entries().order_by(F("score").desc(), "id")
    return rows


# --------------------------------------------------------------------------------------------
# Snippets.


def snippet(text: str, highlight: tuple[str, ...], size: int = SNIPPET_WORDS) -> SafeString:
    """A window of ``size`` words of ``text`` around the first matched word, escaped, with the
    words starting with one of ``highlight`` in ``<mark>``."""
    plain = " ".join(_MARKUP.sub(" ", text).split())
    if not plain:
        return SafeString("")
    tokens = plain.split(" ")

    def marked(token: str) -> bool:
        return (
            any(part.startswith(highlight) for part in _WORD.findall(token.casefold()))
            if highlight
            else False
        )

    first = next((index for index, token in enumerate(tokens) if marked(token)), 0)
    start = max(0, first - size // 3)
    shown = tokens[start : start + size]
    pieces = [_mark(token) if marked(token) else format_html("{}", token) for token in shown]
    body = format_html_join(" ", "{}", ((piece,) for piece in pieces))
    before = "… " if start else ""
    after = " …" if start + size < len(tokens) else ""
    return format_html("{}{}{}", before, body, after)


_EDGES = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)


def _mark(token: str) -> SafeString:
    """``token`` in ``<mark>``, without the punctuation around it."""
    match = _EDGES.match(token)
    before, word, after = match.groups() if match else ("", token, "")
    return format_html("{}<mark>{}</mark>{}", before, word, after)
