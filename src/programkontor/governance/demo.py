"""Governance demo data: meetings, decisions, mandates and the annual cycle on the demo portfolio.

Runs after the portfolio's demo (``programkontor demo``). Idempotent: rows are matched on natural
keys (a body's meeting on a day, a decision's product and title, a mandate's title, an event's title
and owner) and only what is missing is created. Dates are relative to today, so the home page's
"due in the next 30 days" always has something to show. Every text is fictitious.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from programkontor.core import services
from programkontor.governance import services as governance
from programkontor.governance.models import (
    AgendaAttachment,
    AgendaItem,
    AgendaItemReference,
    Attendance,
    AttendanceStatus,
    CycleEvent,
    Decision,
    DecisionLink,
    Mandate,
    Meeting,
    MeetingStatus,
)
from programkontor.portfolio.models import Body, BodyKind, Product

MODELS = (
    DecisionLink,
    AgendaItemReference,
    AgendaAttachment,
    Attendance,
    AgendaItem,
    Decision,
    Mandate,
    CycleEvent,
    Meeting,
)


def _product(slug: str) -> Product | None:
    return Product.objects.filter(slug=slug).first()


def _body(product: Product | None, kind: str) -> Body | None:
    if product is None:
        return None
    return Body.objects.filter(product=product, kind=kind, archived_at__isnull=True).order_by("pk").first()


def _board() -> Body | None:
    return Body.objects.filter(kind=BodyKind.BOARD).order_by("pk").first()


class Loader:
    def __init__(self) -> None:
        self.created: dict[str, int] = {"meetings": 0, "decisions": 0, "mandates": 0, "events": 0}
        self.today = timezone.localdate()
        self.tz = timezone.get_current_timezone()

    def at(self, days: int, hour: int = 13) -> datetime.datetime:
        day = self.today + datetime.timedelta(days=days)
        return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=self.tz)

    # ---------------------------------------------------------------------------------- meetings

    def meeting(
        self,
        body: Body,
        days: int,
        title: str,
        items: list[tuple[str, str, str]],
        *,
        status: str,
        location: str = "Virtuelt (Teams)",
        publish: bool = False,
        absent: int = 0,
        apologies: int = 0,
    ) -> Meeting:
        starts = self.at(days)
        existing = Meeting.objects.filter(body=body, starts_at__date=starts.date()).first()
        if existing is not None:
            return existing
        meeting = governance.create_meeting(
            actor=None,
            fields={
                "body": body,
                "title": title,
                "starts_at": starts,
                "ends_at": starts + datetime.timedelta(minutes=90),
                "location": location,
                "video_url": "https://moede.os2.dk.example/" + body.name.lower().replace(" ", "-"),
            },
        )
        self.created["meetings"] += 1
        for position, (item_title, description, minutes) in enumerate(items, start=2):
            item = governance.add_agenda_item(
                actor=None,
                meeting=meeting,
                fields={
                    "title": item_title,
                    "description": description,
                    "duration_minutes": 20,
                    "position": position,
                },
            )
            if position == 2:
                services.create(
                    AgendaAttachment,
                    actor=None,
                    fields={
                        "item": item,
                        "title": "Statusnotat",
                        "url": "https://boks.os2.dk.example/statusnotat",
                    },
                )
            if minutes and status in (MeetingStatus.MINUTES_READY, MeetingStatus.MINUTES_APPROVED):
                services.update(item, actor=None, expected_version=item.version, changes={"minutes": minutes})
        if status == MeetingStatus.DRAFT_AGENDA:
            return meeting
        meeting = governance.transition_meeting(
            meeting, actor=None, expected_version=meeting.version, target=MeetingStatus.AGENDA_SENT
        )
        if status == MeetingStatus.AGENDA_SENT:
            return meeting
        attendances = list(meeting.attendances.order_by("pk"))
        statuses = {}
        for index, attendance in enumerate(attendances):
            if index < absent:
                statuses[attendance.pk] = (AttendanceStatus.ABSENT, "")
            elif index < absent + apologies:
                statuses[attendance.pk] = (AttendanceStatus.APOLOGIES, "Afbud pr. mail")
            else:
                statuses[attendance.pk] = (AttendanceStatus.PRESENT, "")
        governance.record_attendance(actor=None, meeting=meeting, statuses=statuses)
        meeting.refresh_from_db()
        meeting = governance.transition_meeting(
            meeting, actor=None, expected_version=meeting.version, target=MeetingStatus.MINUTES_READY
        )
        if status == MeetingStatus.MINUTES_APPROVED:
            following = (
                Meeting.objects.filter(body=body, starts_at__gt=meeting.starts_at)
                .order_by("starts_at")
                .first()
            )
            meeting = governance.transition_meeting(
                meeting,
                actor=None,
                expected_version=meeting.version,
                target=MeetingStatus.MINUTES_APPROVED,
                at_meeting=following,
                publish=publish,
            )
        return meeting

    # --------------------------------------------------------------------------------- decisions

    def decision(self, product: Product | None, title: str, **fields: Any) -> Decision:
        existing = Decision.objects.filter(product=product, title=title).first()
        if existing is not None:
            return existing
        publish = fields.pop("publish", False)
        decision = services.create(
            Decision, actor=None, fields={"product": product, "title": title, **fields}
        )
        if publish:
            decision = services.set_published(
                decision, actor=None, expected_version=decision.version, published=True
            )
        self.created["decisions"] += 1
        return decision

    def mandate(self, title: str, **fields: Any) -> Mandate:
        existing = Mandate.objects.filter(title=title).first()
        if existing is not None:
            return existing
        publish = fields.pop("publish", False)
        mandate = services.create(Mandate, actor=None, fields={"title": title, **fields})
        if publish:
            services.set_published(mandate, actor=None, expected_version=mandate.version, published=True)
        self.created["mandates"] += 1
        return mandate

    def event(self, title: str, **fields: Any) -> CycleEvent:
        if fields.get("body") is not None:
            existing = CycleEvent.objects.filter(title=title, body=fields["body"]).first()
        else:
            existing = CycleEvent.objects.filter(
                title=title, product=fields.get("product"), program=fields.get("program"), body=None
            ).first()
        if existing is not None:
            return existing
        publish = fields.pop("publish", False)
        event = services.create(CycleEvent, actor=None, fields={"title": title, **fields})
        if publish:
            services.set_published(event, actor=None, expected_version=event.version, published=True)
        self.created["events"] += 1
        return event

    # ------------------------------------------------------------------------------------- load

    def load(self) -> None:
        year_start = datetime.date(self.today.year, 1, 1)
        self.association(year_start)
        rollekatalog = _product("os2rollekatalog")
        if rollekatalog is not None:
            self.rollekatalog(rollekatalog, year_start)
        forms = _product("os2forms")
        if forms is not None:
            self.forms(forms, year_start)
        self.portfolio_log()
        for slug in ("os2faktor", "os2borgerpc", "os2kitos", "os2mo"):
            product = _product(slug)
            steering = _body(product, BodyKind.STEERING)
            if product is not None and steering is not None:
                self.event(
                    f"Styregruppemøde {product.name}",
                    kind="meeting",
                    body=steering,
                    ordinal=1,
                    weekday=3 if slug != "os2mo" else 1,
                    months=[2, 4, 6, 9, 11],
                    start_time=datetime.time(13, 0),
                    duration_minutes=90,
                    valid_from=year_start,
                )
                self.event(
                    f"Selvevaluering {product.name}",
                    kind="self_evaluation",
                    product=product,
                    day=1,
                    months=[3, 9],
                    valid_from=year_start,
                    description=(
                        "Opdatér selvevalueringen efter OS2's styringsmodel før sekretariatets evaluering."
                    ),
                )

    def association(self, year_start: datetime.date) -> None:
        board = _board()
        self.event(
            "Generalforsamling i OS2",
            kind="general_assembly",
            ordinal=-1,
            weekday=3,
            months=[5],
            start_time=datetime.time(10, 0),
            duration_minutes=300,
            location="Odense",
            valid_from=year_start,
            publish=True,
            description="Foreningens øverste myndighed: beretning, regnskab, budget og valg til bestyrelsen.",
        )
        self.event(
            "Budgetforslag til bestyrelsen",
            kind="budget",
            day=1,
            months=[10],
            valid_from=year_start,
            publish=True,
            description=(
                "Sekretariatet fremlægger forslag til næste års budget for foreningen og produkterne."
            ),
        )
        if board is not None:
            self.event(
                "Bestyrelsesmøde",
                kind="board_meeting",
                body=board,
                ordinal=2,
                weekday=1,
                months=[2, 4, 6, 9, 11],
                start_time=datetime.time(14, 0),
                duration_minutes=180,
                valid_from=year_start,
                publish=True,
            )
            self.meeting(
                board,
                -40,
                "Bestyrelsesmøde",
                [
                    (
                        "Optagelse af nye projekter",
                        "Indstilling fra sekretariatet om to sandkasseprojekter.",
                        "Begge projekter optages i sandkassen.",
                    ),
                    (
                        "Porteføljens niveauer",
                        "Sekretariatets evalueringer fra foråret.",
                        "Bestyrelsen tog orienteringen til efterretning.",
                    ),
                ],
                status=MeetingStatus.MINUTES_APPROVED,
                location="OS2's sekretariat, Aarhus",
            )
            self.meeting(
                board,
                12,
                "Bestyrelsesmøde",
                [("Budgetforslag for næste år", "Sekretariatets forslag til budget.", "")],
                status=MeetingStatus.AGENDA_SENT,
                location="OS2's sekretariat, Aarhus",
            )

    def rollekatalog(self, product: Product, year_start: datetime.date) -> None:
        steering = _body(product, BodyKind.STEERING)
        coordination = _body(product, BodyKind.COORDINATION)
        if steering is None:
            return
        self.event(
            "Styregruppemøde OS2rollekatalog",
            kind="meeting",
            body=steering,
            ordinal=1,
            weekday=3,
            start_time=datetime.time(13, 0),
            duration_minutes=90,
            valid_from=year_start,
            description="Styregruppen mødes den første torsdag i måneden.",
        )
        self.event(
            "Selvevaluering OS2rollekatalog",
            kind="self_evaluation",
            product=product,
            day=1,
            months=[3, 9],
            valid_from=year_start,
            publish=True,
        )
        self.event(
            "Budgetforslag OS2rollekatalog",
            kind="budget",
            product=product,
            day=15,
            months=[9],
            valid_from=year_start,
        )
        first = self.meeting(
            steering,
            -75,
            "Styregruppemøde",
            [
                (
                    "Status på drift og leverancer",
                    "Leverandørens kvartalsrapport.",
                    "Driften er stabil; to mindre fejl er rettet.",
                ),
                (
                    "Ny version i 2027",
                    "Oplæg om en ny version baseret på moderne komponenter.",
                    "Styregruppen besluttede at gå videre med den nye version.",
                ),
            ],
            status=MeetingStatus.MINUTES_APPROVED,
            publish=True,
        )
        second = self.meeting(
            steering,
            -45,
            "Styregruppemøde",
            [
                ("Budgetopfølgning", "Forbrug pr. kvartal mod budget.", "Forbruget følger budgettet."),
                (
                    "Sikkerhedspatch",
                    "Akut opdatering af en afhængighed.",
                    "Patchen godkendes inden for koordinationsgruppens mandat.",
                ),
            ],
            status=MeetingStatus.MINUTES_APPROVED,
            publish=True,
            apologies=1,
        )
        third = self.meeting(
            steering,
            -12,
            "Styregruppemøde",
            [
                (
                    "Selvevaluering",
                    "Gennemgang af kravene på niveau 3.",
                    "Alle krav er opfyldt; G12 følges op.",
                ),
                (
                    "Roadmap for næste år",
                    "Koordinationsgruppens prioriteringer.",
                    "Roadmappen godkendes med en justering.",
                ),
            ],
            status=MeetingStatus.MINUTES_READY,
            absent=1,
        )
        self.meeting(
            steering,
            9,
            "Styregruppemøde",
            [
                ("Budget for næste år", "Forslag til budget og bidrag.", ""),
                ("Mandat til koordinationsgruppen", "Forlængelse af prioriteringsmandatet.", ""),
            ],
            status=MeetingStatus.DRAFT_AGENDA,
        )
        if coordination is not None:
            self.meeting(
                coordination,
                4,
                "Koordinationsgruppemøde",
                [("Prioritering af udviklingsønsker", "MUST/SHOULD/COULD for næste kvartal.", "")],
                status=MeetingStatus.AGENDA_SENT,
            )
        new_version = self.decision(
            product,
            "Der skal lanceres en ny version af OS2rollekatalog i 2027",
            date=first.date,
            kind="general",
            record_type="strategic",
            status="decided",
            decided_by_body=steering,
            meeting=first,
            context=(
                "Den nuværende kodebase er svær at vedligeholde, og flere afhængigheder er ved at udløbe."
            ),
            decision=(
                "Der udvikles en ny version baseret på moderne open "
                "source-komponenter, parallelt med driften af den nuværende."
            ),
            consequences="- Positivt: fremtidssikret produkt.\n- Negativt: dobbeltdrift i en periode.",
            implementation="1. Kravspecifikation\n2. Udbud\n3. Pilot hos tre kommuner",
            risks="Tidsplanen er stram; leverandørkapacitet.",
            publish=True,
        )
        self.decision(
            product,
            "Opgradering af Spring Boot i OS2rollekatalog",
            date=second.date,
            kind="budget",
            record_type="operational",
            status="decided",
            decided_by_body=steering,
            meeting=second,
            amount=Decimal("48000"),
            context="En afhængighed har en kendt sårbarhed.",
            decision="Leverandøren opgraderer til den nyeste understøttede version.",
        )
        self.decision(
            product,
            "Produktkoordinatoren frikøbes med 1/3 årsværk",
            date=third.date,
            kind="general",
            record_type="operational",
            status="ratification_pending",
            decided_by_body=coordination or steering,
            ratification_body=steering,
            ratification_due=self.today + datetime.timedelta(days=20),
            context="Koordinationsgruppen har drøftet behovet for en fast produktkoordinator.",
            decision="Produktkoordinatoren frikøbes hos en deltagende kommune.",
        )
        self.decision(
            product,
            "Roadmap for næste år",
            date=self.today + datetime.timedelta(days=9),
            kind="prioritisation",
            record_type="strategic",
            status="proposed",
            decided_by_body=steering,
            context="Koordinationsgruppen har prioriteret udviklingsønskerne.",
        )
        superseded = self.decision(
            product,
            "Supportaftale med én leverandør",
            date=datetime.date(self.today.year - 1, 3, 1),
            record_type="strategic",
            status="superseded",
            decided_by_body=steering,
        )
        self.decision(
            product,
            "Flerleverandørstrategi for support",
            date=datetime.date(self.today.year - 1, 11, 1),
            record_type="strategic",
            status="decided",
            decided_by_body=steering,
            supersedes=superseded,
            decision="Support kan leveres af flere leverandører under samme rammeaftale.",
        )
        if coordination is not None:
            self.mandate(
                "Koordinationsgruppen prioriterer inden for udviklingsbudgettet",
                kind="prioritisation",
                grantor_body=steering,
                holder_body=coordination,
                product=product,
                limit_amount=Decimal("600000"),
                limit_basis="total",
                valid_from=year_start,
                valid_to=datetime.date(self.today.year, 12, 31),
                granted_by_decision=new_version,
                description=(
                    "Koordinationsgruppen må prioritere opgaver "
                    "(MUST/SHOULD/COULD) inden for årets udviklingsbudget."
                ),
                publish=True,
            )
            self.mandate(
                "Koordinationsgruppen bestiller sikkerhedsrettelser",
                kind="expenditure",
                grantor_body=steering,
                holder_body=coordination,
                product=product,
                limit_amount=Decimal("20000"),
                valid_from=year_start,
                valid_to=self.today + datetime.timedelta(days=25),
                description=(
                    "Akutte sikkerhedsrettelser op til 20.000 kr. "
                    "pr. hændelse; rapporteres på næste styregruppemøde."
                ),
            )
        self.mandate(
            "Produktkoordinatoren godkender fakturaer",
            kind="invoice_approval",
            grantor_body=steering,
            holder_role="product_coordinator",
            product=product,
            limit_amount=Decimal("25000"),
            valid_from=year_start,
            description=(
                "Fakturaer op til 25.000 kr. inden for budgettet; større fakturaer godkendes af styregruppen."
            ),
        )

    def forms(self, product: Product, year_start: datetime.date) -> None:
        coordination = _body(product, BodyKind.COORDINATION)
        steering = _body(product, BodyKind.STEERING)
        if coordination is not None:
            self.event(
                "Koordinationsgruppemøde OS2forms",
                kind="meeting",
                body=coordination,
                ordinal=2,
                weekday=1,
                every=2,
                start_time=datetime.time(10, 0),
                duration_minutes=120,
                valid_from=year_start,
            )
            past = self.meeting(
                coordination,
                -20,
                "Koordinationsgruppemøde",
                [
                    (
                        "Prioritering af nye skabeloner",
                        "Ønsker fra fem kommuner.",
                        "To skabeloner prioriteres som MUST.",
                    ),
                    (
                        "Erfaringer med den nye editor",
                        "Runde blandt medlemmerne.",
                        "Editoren fungerer; ønske om bedre hjælpetekster.",
                    ),
                ],
                status=MeetingStatus.MINUTES_READY,
            )
            self.meeting(
                coordination,
                18,
                "Koordinationsgruppemøde",
                [("Status på udviklingsopgaver", "Leverandøren orienterer.", "")],
                status=MeetingStatus.DRAFT_AGENDA,
            )
            self.decision(
                product,
                "To nye skabeloner prioriteres som MUST",
                date=past.date,
                kind="prioritisation",
                record_type="operational",
                status="decided",
                decided_by_body=coordination,
                meeting=past,
                decision="Skabelonerne til byggesager og hjemmehjælp udvikles i næste sprint.",
            )
        if steering is not None and coordination is not None:
            self.mandate(
                "Koordinationsgruppen prioriterer OS2forms' udvikling",
                kind="prioritisation",
                grantor_body=steering,
                holder_body=coordination,
                product=product,
                limit_amount=Decimal("450000"),
                limit_basis="total",
                valid_from=year_start,
                publish=True,
            )

    def portfolio_log(self) -> None:
        """Published decisions of the portfolio-wide log: level changes, admissions, pauses."""
        board = _board()
        year = self.today.year
        entries = [
            (
                "os2rollekatalog",
                "Opjustering fra niveau 2 til niveau 3",
                "level_change",
                datetime.date(year, 5, 15),
                "2",
                "3",
                "Opdateret dokumentation og en aktiv styregruppe",
                "secretariat",
                "Evalueringsrapport maj",
            ),
            (
                "os2sofd",
                "Nedjustering fra niveau 2 til niveau 1",
                "level_change",
                datetime.date(year, 4, 2),
                "2",
                "1",
                "Manglende dokumentation og inaktiv styregruppe",
                "secretariat",
                "Evalueringsrapport april",
            ),
            (
                "os2ai",
                "Optagelse i OS2-porteføljen (sandkasse)",
                "admission",
                datetime.date(year - 1, 11, 10),
                "",
                "",
                "Godkendt af bestyrelsen",
                "board",
                "Bestyrelsesreferat",
            ),
            (
                "os2kravmotor",
                "Produktet sættes på pause",
                "pause",
                datetime.date(year - 1, 6, 20),
                "",
                "",
                "Afventer afklaring af finansiering",
                "board",
                "Bestyrelsesreferat",
            ),
        ]
        for slug, title, kind, date, before, after, basis, who, reference in entries:
            product = _product(slug)
            if product is None:
                continue
            by_board = who == "board" and board is not None
            self.decision(
                product,
                title,
                date=min(date, self.today),
                kind=kind,
                record_type="strategic",
                status="decided",
                decided_by_body=board if by_board else None,
                decided_by_role="" if by_board else "secretariat",
                level_from=before,
                level_to=after,
                basis=basis,
                reference_url="https://governance.os2.dk.example/rapporter",
                reference_label=reference,
                publish=True,
            )


#: What the demo command's totals show of governance, counted in the database.
TOTALS: tuple[tuple[str, type[Any]], ...] = (
    ("Møder", Meeting),
    ("Beslutninger", Decision),
    ("Mandater", Mandate),
    ("Årshjulsbegivenheder", CycleEvent),
)
_CREATED_LABELS = {
    "meetings": "møder",
    "decisions": "beslutninger",
    "mandates": "mandater",
    "events": "årshjulsbegivenheder",
}


def load_demo(*, stdout: Any) -> list[str]:
    """Create what is missing of governance's demo; return one Danish line saying what was created.

    The totals are :func:`demo_totals`: the evaluation and economy demos add decisions and mandates.
    """
    loader = Loader()
    with transaction.atomic():
        loader.load()
    created = loader.created
    if not any(created.values()):
        return ["Styring: demodata var allerede indlæst; intet nyt er oprettet."]
    parts = ", ".join(f"{count} {_CREATED_LABELS[key]}" for key, count in created.items() if count)
    return [f"Styring: oprettet {parts}."]


def demo_totals() -> list[tuple[str, int]]:
    return [(label, model._default_manager.count()) for label, model in TOTALS]


def delete_demo() -> None:
    """Delete governance's rows and their history (the portfolio's reset follows)."""
    Decision.objects.filter(supersedes__isnull=False).update(supersedes=None)
    Decision.objects.update(mandate=None, meeting=None, agenda_item=None)
    Mandate.objects.update(granted_by_decision=None)
    AgendaItem.objects.update(approves_meeting=None)
    Meeting.objects.update(minutes_approved_at_meeting=None)
    for model in MODELS:
        model._default_manager.all().delete()
        model.history.all().delete()
