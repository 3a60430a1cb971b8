"""Planning's demo data, loaded by ``programkontor demo`` after the portfolio's.

Timeboxes (the quarter before, this quarter and the next) with work items for several demo products
and for the program "Identitet og infrastruktur"; strategic goals with indicators and measurements;
visions; a roadmap across the program's products with milestones and dependencies; risks; and the
weekly plans of the demo program manager and product coordinator, imported from OS2's role
descriptions (``planning/data/``).

Quarters and dates are relative to today, so that there is always a current timebox. Everything is
matched on natural keys (product or program and title/name, the person of a plan): running it
again creates only what is missing and writes no history. All texts are made up for the demo.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from typing import Any, Protocol

from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from programkontor.planning.models import (
    Absence,
    Goal,
    Indicator,
    IndicatorReading,
    Milestone,
    PlanningSettings,
    Responsibility,
    Risk,
    RoadmapDependency,
    RoadmapItem,
    RolePlan,
    Timebox,
    TimeboxCapacity,
    Vision,
    WeekTask,
    WorkItem,
)
from programkontor.planning.roledoc import parse_role_description
from programkontor.planning.services import update_work_item
from programkontor.planning.timeline import Quarter
from programkontor.portfolio.models import Body, Person, Product, Program, RoleAssignment

CHANGE_REASON = "Demodata"

#: Children before parents, so nothing protected is left behind.
_DELETE_ORDER: tuple[type[models.Model], ...] = (
    WeekTask,
    Absence,
    Responsibility,
    RolePlan,
    IndicatorReading,
    Indicator,
    RoadmapDependency,
    Milestone,
    WorkItem,
    RoadmapItem,
    Goal,
    Vision,
    TimeboxCapacity,
    Timebox,
    PlanningSettings,
    Risk,
)


class Writer(Protocol):
    def write(self, text: str, /) -> Any: ...


def delete_demo() -> None:
    """Delete every row of planning and its history."""
    for model in _DELETE_ORDER:
        model._default_manager.all().delete()
        model.history.all().delete()  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------
# What the demo contains (plain data).

# (title, kind, priority, hours, status, tags, owner) — owner: "supplier", "coordinator" or "".
Work = tuple[str, str, str, int, str, tuple[str, ...], str]

CURRENT: dict[str, list[Work]] = {
    "os2rollekatalog": [
        (
            "Opgradering til Java 21 og Spring Boot 3",
            "maintenance",
            "must",
            90,
            "done",
            ("drift", "sikkerhed"),
            "supplier",
        ),
        (
            "Understøttelse af den nye NemLog-in-broker",
            "change_request",
            "must",
            80,
            "in_progress",
            ("nemlog-in",),
            "supplier",
        ),
        (
            "Sikkerhedsrettelser fra penetrationstesten",
            "maintenance",
            "must",
            40,
            "agreed",
            ("sikkerhed",),
            "supplier",
        ),
        (
            "Opdateret databehandleraftale og dokumentation",
            "initiative",
            "must",
            20,
            "agreed",
            ("gdpr", "dokumentation"),
            "coordinator",
        ),
        ("Ny integration til FK Organisation", "epic", "must", 60, "agreed", ("integration",), "supplier"),
        (
            "Bedre søgning i brugere og roller",
            "change_request",
            "should",
            40,
            "agreed",
            ("brugervenlighed",),
            "supplier",
        ),
        (
            "Rapport over kritiske rettigheder til revisionen",
            "change_request",
            "should",
            30,
            "proposed",
            ("revision",),
            "",
        ),
        (
            "Mørkt tema i brugergrænsefladen",
            "change_request",
            "could",
            15,
            "proposed",
            ("brugervenlighed",),
            "",
        ),
        (
            "Eksport af rolletildelinger til CSV",
            "change_request",
            "could",
            10,
            "agreed",
            ("rapportering",),
            "supplier",
        ),
        ("Mobilapp til godkendelser", "initiative", "wont", 80, "proposed", ("mobil",), ""),
    ],
    "os2forms": [
        (
            "Drift og opdatering af Drupal-kernen",
            "maintenance",
            "must",
            60,
            "in_progress",
            ("drift",),
            "supplier",
        ),
        (
            "Digital Post via den nye afsenderløsning",
            "change_request",
            "must",
            50,
            "agreed",
            ("digital post",),
            "supplier",
        ),
        (
            "Tilgængelighedsrettelser (WCAG 2.1 AA)",
            "maintenance",
            "must",
            40,
            "agreed",
            ("tilgængelighed",),
            "coordinator",
        ),
        (
            "Genbrugelige blanketskabeloner til byggesager",
            "initiative",
            "should",
            50,
            "agreed",
            ("skabeloner",),
            "",
        ),
        (
            "Betaling med MobilePay i blanketter",
            "change_request",
            "should",
            30,
            "proposed",
            ("betaling",),
            "",
        ),
        ("Statistik over afbrudte blanketter", "change_request", "could", 30, "proposed", ("statistik",), ""),
        (
            "Forhåndsvisning af PDF-kvittering",
            "change_request",
            "could",
            25,
            "agreed",
            ("brugervenlighed",),
            "",
        ),
        ("Engelsk udgave af standardteksterne", "change_request", "could", 15, "proposed", ("sprog",), ""),
        ("Integration til lokalt ESDH-system", "epic", "wont", 120, "proposed", ("integration",), ""),
    ],
    "os2faktor": [
        (
            "Fornyelse af certifikater og nøgler",
            "maintenance",
            "must",
            30,
            "done",
            ("sikkerhed", "drift"),
            "supplier",
        ),
        ("MitID Erhverv som login-metode", "epic", "must", 80, "in_progress", ("mitid",), "supplier"),
        (
            "Logning til kommunernes SIEM",
            "change_request",
            "should",
            45,
            "agreed",
            ("sikkerhed",),
            "supplier",
        ),
        (
            "Selvbetjening ved mistet nøglebrik",
            "change_request",
            "should",
            25,
            "agreed",
            ("brugervenlighed",),
            "",
        ),
        ("Push-notifikationer i OS2faktor-appen", "change_request", "could", 30, "proposed", ("mobil",), ""),
        ("Statistik over login-metoder", "change_request", "could", 15, "proposed", ("statistik",), ""),
    ],
    "os2mo": [
        (
            "Stabil drift og sikkerhedsopdateringer",
            "maintenance",
            "must",
            50,
            "in_progress",
            ("drift",),
            "supplier",
        ),
        ("Ny version af GraphQL-API'et", "epic", "must", 70, "agreed", ("integration", "api"), "supplier"),
        (
            "Import af lederhierarki fra lønsystemet",
            "change_request",
            "should",
            40,
            "agreed",
            ("integration",),
            "",
        ),
        (
            "Historik på organisationsenheder i brugerfladen",
            "change_request",
            "could",
            30,
            "proposed",
            ("brugervenlighed",),
            "",
        ),
    ],
    "os2iot": [
        (
            "Opdatering af LoRaWAN-netværksserveren",
            "maintenance",
            "must",
            35,
            "in_progress",
            ("drift",),
            "supplier",
        ),
        ("Åbne data fra sensorer til Open Data DK", "initiative", "should", 40, "agreed", ("open data",), ""),
        ("Alarmer ved sensorer, der tier", "change_request", "could", 20, "proposed", ("drift",), ""),
    ],
    "os2valghalla": [
        (
            "Klar til kommunal- og regionsrådsvalget",
            "initiative",
            "must",
            60,
            "in_progress",
            ("valg",),
            "supplier",
        ),
        (
            "SMS-påmindelser til valgtilforordnede",
            "change_request",
            "should",
            20,
            "agreed",
            ("kommunikation",),
            "",
        ),
        ("Tilmelding via MitID", "change_request", "could", 25, "proposed", ("mitid",), ""),
    ],
}

PREVIOUS: dict[str, list[Work]] = {
    "os2rollekatalog": [
        ("Flytning til ny hostingplatform", "maintenance", "must", 70, "done", ("drift",), "supplier"),
        (
            "Automatisk fratagelse af rettigheder ved fratræden",
            "change_request",
            "must",
            60,
            "done",
            ("sikkerhed",),
            "supplier",
        ),
        (
            "Nyt dashboard for systemejere",
            "change_request",
            "should",
            40,
            "done",
            ("brugervenlighed",),
            "supplier",
        ),
        ("Videoguide til nye kommuner", "initiative", "could", 15, "dropped", ("onboarding",), ""),
    ],
    "os2forms": [
        ("Sikkerhedsopdatering af Drupal", "maintenance", "must", 40, "done", ("sikkerhed",), "supplier"),
        ("Ny blanketbygger til sagsbehandlere", "epic", "must", 90, "done", ("skabeloner",), "supplier"),
        (
            "Bedre fejlbeskeder i blanketterne",
            "change_request",
            "could",
            20,
            "done",
            ("brugervenlighed",),
            "",
        ),
    ],
}

NEXT: dict[str, list[Work]] = {
    "os2rollekatalog": [
        (
            "Attestering af rettigheder hver halvår",
            "epic",
            "must",
            80,
            "agreed",
            ("revision", "sikkerhed"),
            "supplier",
        ),
        ("Rollekatalog for regioner", "initiative", "should", 60, "proposed", ("regioner",), ""),
        ("Bedre hjælpetekster", "change_request", "could", 10, "proposed", ("brugervenlighed",), ""),
    ],
    "os2forms": [
        ("Opgradering til Drupal 11", "maintenance", "must", 100, "agreed", ("drift",), "supplier"),
        ("Borgerens overblik over egne blanketter", "epic", "should", 60, "proposed", ("selvbetjening",), ""),
    ],
}

PROGRAM_WORK: list[Work] = [
    ("Fælles testmiljø for identitetsprodukterne", "initiative", "must", 40, "in_progress", ("test",), ""),
    (
        "Arkitekturbeskrivelse af brugerstyring på tværs",
        "initiative",
        "must",
        30,
        "agreed",
        ("arkitektur",),
        "",
    ),
    ("Fælles leverandørmøde om NemLog-in", "initiative", "should", 12, "done", ("nemlog-in",), ""),
    ("Temadag for systemejere", "initiative", "could", 16, "proposed", ("fællesskab",), ""),
]

# Capacity of the current quarter: people's hours (coordinator, supplier contact) or a fixed number.
FIXED_CAPACITY = {"os2forms": 300, "os2faktor": 200, "os2mo": 240, "os2iot": 110, "os2valghalla": 120}
PEOPLE_CAPACITY = {"os2rollekatalog": (120, 300)}  # (coordinator, supplier contact)

# Priority changes made after the items were created: (product, title, new priority, reason).
PRIORITY_CHANGES = [
    (
        "os2rollekatalog",
        "Ny integration til FK Organisation",
        "must",
        "Koordinationsgruppen 12.03: KOMBIT lukker den gamle snitflade, så integrationen er en forudsætning.",
    ),
    (
        "os2rollekatalog",
        "Mørkt tema i brugergrænsefladen",
        "could",
        "Koordinationsgruppen: ønsket fra brugerklubben, men uden betydning for driften.",
    ),
    (
        "os2forms",
        "Forhåndsvisning af PDF-kvittering",
        "could",
        "Styregruppen: flyttet fra SHOULD for at give plads til tilgængelighedsrettelserne.",
    ),
]
# Items first created with another priority (so that the change above is a real change).
CREATED_AS = {
    ("os2rollekatalog", "Ny integration til FK Organisation"): "should",
    ("os2rollekatalog", "Mørkt tema i brugergrænsefladen"): "should",
    ("os2forms", "Forhåndsvisning af PDF-kvittering"): "should",
}

VISIONS = {
    "program": (
        "Alle kommuner styrer identiteter, roller og organisationsdata ét sted — åbent, sikkert og uden "
        "dobbeltarbejde.",
        "Programmet samler produkterne om brugerstyring og organisationsdata, så de spiller sammen ud af "
        "boksen.\n\n* **Fælles grunddata:** organisationen vedligeholdes ét sted (OS2mo).\n"
        "* **Fælles adgang:** roller og login styres ens i alle kommuner.\n"
        "* **Åbenhed:** roadmap og beslutninger er offentlige.",
    ),
    "os2rollekatalog": (
        "Den foretrukne måde at styre medarbejderes rettigheder på i danske kommuner.",
        "Rollekataloget skal være let at tage i brug, opfylde revisionens krav og integrere med de "
        "fælleskommunale løsninger.",
    ),
    "os2forms": (
        "Digitale blanketter, som borgerne vælger frem for telefonen.",
        "OS2forms skal gøre det let for kommunerne at bygge tilgængelige blanketter, der hænger sammen "
        "med sagsbehandlingen.",
    ),
}

# (key, target: "program" or product slug, title, [(indicator, unit, baseline, target, readings)]).
GOALS: list[tuple[str, str, str, list[tuple[str, str, int, int, list[int]]]]] = [
    (
        "brugerstyring",
        "program",
        "Én fælles brugerstyring i alle deltagende kommuner",
        [("Kommuner, der styrer roller i OS2rollekatalog", "kommuner", 40, 70, [46, 52, 58, 62])],
    ),
    (
        "grunddata",
        "program",
        "Organisationsdata, der kun vedligeholdes ét sted",
        [
            ("Kommuner med OS2mo som autoritativ kilde", "kommuner", 20, 45, [22, 27, 31]),
            ("Systemer, der henter organisationen fra OS2mo", "systemer pr. kommune", 2, 6, [2, 3, 3, 4]),
        ],
    ),
    (
        "selvbetjening",
        "os2forms",
        "Flere borgere vælger den digitale blanket",
        [("Indsendte blanketter pr. måned", "tusinde", 120, 200, [131, 144, 160])],
    ),
    (
        "revision",
        "os2rollekatalog",
        "Rettighederne kan dokumenteres over for revisionen",
        [("Kommuner, der attesterer rettigheder mindst en gang om året", "%", 10, 80, [18, 35])],
    ),
]
GOAL_OF = {
    "Understøttelse af den nye NemLog-in-broker": "brugerstyring",
    "Ny integration til FK Organisation": "grunddata",
    "Ny version af GraphQL-API'et": "grunddata",
    "Import af lederhierarki fra lønsystemet": "grunddata",
    "Rapport over kritiske rettigheder til revisionen": "revision",
    "Attestering af rettigheder hver halvår": "revision",
    "Genbrugelige blanketskabeloner til byggesager": "selvbetjening",
    "Digital Post via den nye afsenderløsning": "selvbetjening",
    "Ny blanketbygger til sagsbehandlere": "selvbetjening",
    "Automatisk fratagelse af rettigheder ved fratræden": "brugerstyring",
}

# Roadmap of "Identitet og infrastruktur": (target, title, start offset, end offset, status, goal, published).
ROADMAP: list[tuple[str, str, int, int, str, str, bool]] = [
    ("program", "Fælles testmiljø for programmets produkter", -1, 1, "in_progress", "", True),
    ("program", "Fælles arkitektur for brugerstyring", 0, 2, "planned", "brugerstyring", True),
    ("os2rollekatalog", "NemLog-in-broker i produktion", -1, 0, "in_progress", "brugerstyring", True),
    ("os2rollekatalog", "Integration til FK Organisation", 0, 1, "planned", "grunddata", True),
    ("os2rollekatalog", "Attestering af rettigheder", 1, 2, "planned", "revision", True),
    ("os2mo", "OS2mo GraphQL API v2", -1, 0, "in_progress", "grunddata", True),
    ("os2mo", "Lederhierarki fra lønsystemet", 1, 1, "planned", "grunddata", False),
    ("os2faktor", "MitID Erhverv", -2, 0, "in_progress", "brugerstyring", True),
    ("os2faktor", "Logning til SIEM", 1, 2, "planned", "", False),
    ("os2kitos", "Ny brugerflade til IT-kontrakter", 0, 3, "planned", "", True),
    ("os2sofd", "Udfasning til fordel for OS2mo", 2, 4, "planned", "grunddata", False),
    ("os2sync", "Synkronisering med FK Organisation v2", -2, -1, "done", "grunddata", True),
]
# (item, depends on)
DEPENDENCIES = [
    ("Integration til FK Organisation", "OS2mo GraphQL API v2"),
    ("Attestering af rettigheder", "NemLog-in-broker i produktion"),
    ("Lederhierarki fra lønsystemet", "OS2mo GraphQL API v2"),
    ("Udfasning til fordel for OS2mo", "Integration til FK Organisation"),
    ("Fælles arkitektur for brugerstyring", "Fælles testmiljø for programmets produkter"),
]
# (target, title, days from today, status, roadmap item, published)
MILESTONES: list[tuple[str, str, int, str, str, bool]] = [
    ("os2sync", "FK Organisation v2 i drift", -120, "met", "Synkronisering med FK Organisation v2", True),
    ("os2faktor", "MitID Erhverv i test hos tre kommuner", -60, "met", "MitID Erhverv", True),
    (
        "os2rollekatalog",
        "NemLog-in-broker i testmiljøet",
        -35,
        "missed",
        "NemLog-in-broker i produktion",
        True,
    ),
    ("os2mo", "GraphQL API v2 i beta", -10, "planned", "OS2mo GraphQL API v2", False),
    (
        "os2rollekatalog",
        "NemLog-in-broker i produktion",
        30,
        "planned",
        "NemLog-in-broker i produktion",
        True,
    ),
    ("os2faktor", "MitID Erhverv for alle kommuner", 45, "planned", "MitID Erhverv", True),
    (
        "program",
        "Arkitekturbeskrivelse godkendt i styregruppen",
        75,
        "planned",
        "Fælles arkitektur for brugerstyring",
        True,
    ),
    ("os2forms", "Drupal 11 klar til test", 100, "planned", "", True),
    ("os2mo", "GraphQL API v2 i drift", 60, "planned", "OS2mo GraphQL API v2", True),
]

# (target, title, probability, impact, status, review in days, mitigation)
RISKS: list[tuple[str, str, int, int, str, int, str]] = [
    (
        "os2rollekatalog",
        "KOMBIT flytter tidsplanen for NemLog-in-brokeren",
        4,
        4,
        "open",
        -14,
        "Tæt dialog med KOMBIT; leverandøren holder to udviklere klar til at teste tidligt.",
    ),
    (
        "os2rollekatalog",
        "Leverandøren mister nøglepersoner",
        2,
        5,
        "mitigating",
        30,
        "Dokumentation af arkitekturen og parprogrammering; option på ekstra leverandør i kontrakten.",
    ),
    (
        "os2rollekatalog",
        "Revisionens krav ændres midt i året",
        2,
        3,
        "accepted",
        90,
        "Følges via faggruppen for informationssikkerhed.",
    ),
    (
        "os2forms",
        "Drupal 10 mister sikkerhedsopdateringer før opgraderingen",
        3,
        5,
        "open",
        10,
        "Opgraderingen til Drupal 11 er MUST i næste kvartal; forlænget support som plan B.",
    ),
    (
        "os2forms",
        "For få kommuner tester de nye skabeloner",
        3,
        2,
        "open",
        -30,
        "Testdage planlægges sammen med brugerklubben.",
    ),
    (
        "os2faktor",
        "MitID Erhverv bliver dyrere end budgetteret",
        3,
        3,
        "mitigating",
        20,
        "Fast pris aftalt for første fase.",
    ),
    ("os2faktor", "Kommuner kan ikke nå at udrulle nøglebrikker", 2, 2, "open", 60, "Udrulning i bølger."),
    (
        "os2mo",
        "Lønsystemets snitflade er ikke dokumenteret",
        4,
        3,
        "open",
        -7,
        "Leverandøren af lønsystemet er inviteret til workshop.",
    ),
    (
        "program",
        "Programlederen har for få timer til tre produktfællesskaber",
        3,
        4,
        "open",
        14,
        "MUST-opgaverne holdes under 60 % af ugen; COULD-opgaver fravælges først.",
    ),
    (
        "program",
        "Afhængigheder mellem produkterne forsinker hinanden",
        3,
        3,
        "mitigating",
        45,
        "Fælles roadmap med afhængigheder følges hver måned.",
    ),
    (
        "os2sofd",
        "Kommuner bliver på OS2sofd efter udfasningen",
        2,
        2,
        "closed",
        -100,
        "Udfasningsplan aftalt i styregruppen.",
    ),
]


# --------------------------------------------------------------------------------------------


@dataclass
class Counts:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, label: str, n: int) -> None:
        self.created[label] = self.created.get(label, 0) + n


@dataclass
class Context:
    today: datetime.date
    products: dict[str, Product]
    program: Program
    coordinators: dict[str, Person]
    suppliers: dict[str, Any]  # product slug -> (person, organisation)
    coordination: dict[str, Body]
    counts: Counts


def _insert(model: type[Any], rows: Sequence[Any], counts: Counts, label: str) -> list[Any]:
    if not rows:
        return []
    for row in rows:
        row.full_clean()
    created = bulk_create_with_history(list(rows), model, default_change_reason=CHANGE_REASON)
    counts.add(label, len(created))
    return list(created)


def _published(flag: bool) -> dict[str, Any]:
    return {"is_published": flag, "published_at": timezone.now() if flag else None}


def load_demo(*, stdout: Writer | None = None) -> list[str]:
    """Load what is missing of planning's demo; returns Danish summary lines."""
    products = {
        p.slug: p
        for p in Product.objects.filter(
            slug__in=[*CURRENT, *PREVIOUS, *NEXT, "os2kitos", "os2sofd", "os2sync"]
        )
    }
    rollekatalog = products.get("os2rollekatalog")
    if rollekatalog is None or rollekatalog.program is None:
        return ["Planlægning: demoporteføljens produkter findes ikke; intet oprettet."]
    with transaction.atomic():
        context = _context(products, rollekatalog.program)
        goals = _goals(context)
        _visions(context)
        _timeboxes_and_work(context, goals)
        _roadmap(context, goals)
        _risks(context)
        _plans(context)
        if not PlanningSettings.objects.filter(program=context.program).exists():
            _insert(PlanningSettings, [PlanningSettings(program=context.program)], context.counts, "Grænser")
    created = context.counts.created
    if not any(created.values()):
        return ["Planlægning: demodata var allerede indlæst; intet nyt er oprettet."]
    parts = ", ".join(f"{count} {label.lower()}" for label, count in created.items() if count)
    return [f"Planlægning: oprettet {parts}."]


#: What the demo command's totals show of planning, counted in the database.
TOTALS: tuple[tuple[str, type[models.Model]], ...] = (
    ("Mål", Goal),
    ("Indikatorer", Indicator),
    ("Timebokse", Timebox),
    ("Arbejdsopgaver", WorkItem),
    ("Roadmap-punkter", RoadmapItem),
    ("Milepæle", Milestone),
    ("Risici", Risk),
    ("Ugeplaner", RolePlan),
)


def demo_totals() -> list[tuple[str, int]]:
    return [(label, model._default_manager.count()) for label, model in TOTALS]


def _context(products: dict[str, Product], program: Program) -> Context:
    today = timezone.localdate()
    coordinators: dict[str, Person] = {}
    suppliers: dict[str, Any] = {}
    for assignment in RoleAssignment.objects.filter(
        product__in=list(products.values()),
        role__in=["product_coordinator", "supplier_contact"],
        end_date__isnull=True,
    ).select_related("person", "organisation", "product"):
        slug = assignment.product.slug if assignment.product else ""
        if assignment.role == "product_coordinator":
            coordinators.setdefault(slug, assignment.person)
        else:
            suppliers.setdefault(slug, (assignment.person, assignment.organisation))
    coordination = {
        body.product.slug: body
        for body in Body.objects.filter(
            product__in=list(products.values()), kind="coordination"
        ).select_related("product")
        if body.product
    }
    return Context(today, products, program, coordinators, suppliers, coordination, Counts())


def _target(context: Context, key: str) -> dict[str, Any]:
    if key == "program":
        return {"program": context.program, "product": None}
    return {"product": context.products[key], "program": None}


def _goals(context: Context) -> dict[str, Goal]:
    found: dict[str, Goal] = {}
    existing = {(g.product_id, g.program_id, g.title): g for g in Goal.objects.all()}
    new: list[tuple[str, Goal]] = []
    for position, (key, target_key, title, _indicators) in enumerate(GOALS, start=1):
        if target_key != "program" and target_key not in context.products:
            continue
        target = _target(context, target_key)
        match = existing.get(
            (getattr(target["product"], "pk", None), getattr(target["program"], "pk", None), title)
        )
        if match:
            found[key] = match
            continue
        goal = Goal(
            title=title,
            description="Målet følges med indikatorerne nedenfor; status gøres op i styregruppen hvert "
            "kvartal.",
            position=position,
            **target,
            **_published(True),
        )
        new.append((key, goal))
    created = _insert(Goal, [goal for _key, goal in new], context.counts, "Mål")
    for (key, _goal), goal in zip(new, created, strict=True):
        found[key] = goal
        _, target_key, _title, indicators = next(g for g in GOALS if g[0] == key)
        for name, unit, baseline, target_value, readings in indicators:
            start = context.today.replace(day=1) - datetime.timedelta(days=540)
            indicator = Indicator(
                goal=goal,
                name=name,
                unit=unit,
                baseline=Decimal(baseline),
                baseline_date=start,
                target=Decimal(target_value),
                target_date=datetime.date(context.today.year + 1, 12, 31),
                source="Sekretariatets opgørelse",
            )
            indicator = _insert(Indicator, [indicator], context.counts, "Indikatorer")[0]
            rows = [
                IndicatorReading(
                    indicator=indicator,
                    date=start + datetime.timedelta(days=120 * (i + 1)),
                    value=Decimal(value),
                    note="Kvartalsopgørelse",
                )
                for i, value in enumerate(readings)
            ]
            _insert(IndicatorReading, rows, context.counts, "Målinger")
            last = rows[-1]
            Indicator.objects.filter(pk=indicator.pk).update(current_value=last.value, current_date=last.date)
    return found


def _visions(context: Context) -> None:
    have = set(Vision.objects.values_list("product_id", "program_id"))
    new = []
    for key, (statement, text) in VISIONS.items():
        if key != "program" and key not in context.products:
            continue
        target = _target(context, key)
        if (getattr(target["product"], "pk", None), getattr(target["program"], "pk", None)) in have:
            continue
        new.append(
            Vision(
                statement=statement,
                description=text,
                horizon_year=context.today.year + 3,
                review_date=context.today + datetime.timedelta(days=150),
                **target,
                **_published(True),
            )
        )
    _insert(Vision, new, context.counts, "Visioner")


def _quarter_box(
    context: Context, target_key: str, quarter: Quarter, existing: dict[Any, Timebox]
) -> tuple[Timebox, bool]:
    target = _target(context, target_key)
    name = f"{quarter.label}"
    key = (getattr(target["product"], "pk", None), getattr(target["program"], "pk", None), name)
    if key in existing:
        return existing[key], False
    body = context.coordination.get(target_key)
    capacity = FIXED_CAPACITY.get(target_key)
    if target_key == "program":
        capacity = 120
    timebox = Timebox(
        name=name,
        kind="quarter",
        start_date=quarter.start,
        end_date=quarter.end,
        capacity_hours=Decimal(capacity) if capacity is not None else None,
        mandate_body=body,
        description="Kvartalets leverancer, prioriteret af koordinationsgruppen inden for det godkendte "
        "budget.",
        **target,
        **_published(bool(target["product"] and target["product"].is_published)),
    )
    return timebox, True


def _timeboxes_and_work(context: Context, goals: dict[str, Goal]) -> None:
    current = Quarter.of(context.today)
    plans = [(current.shift(-1), PREVIOUS), (current, CURRENT), (current.shift(1), NEXT)]
    existing = {(t.product_id, t.program_id, t.name): t for t in Timebox.objects.all()}
    boxes: dict[tuple[str, Quarter], Timebox] = {}
    new_boxes = []
    for quarter, work in plans:
        for key in work:
            if key not in context.products:
                continue
            box, is_new = _quarter_box(context, key, quarter, existing)
            boxes[(key, quarter)] = box
            if is_new:
                new_boxes.append(((key, quarter), box))
    box, is_new = _quarter_box(context, "program", current, existing)
    boxes[("program", current)] = box
    if is_new:
        new_boxes.append((("program", current), box))
    created = _insert(Timebox, [b for _k, b in new_boxes], context.counts, "Timebokse")
    for (box_key, _unsaved), saved in zip(new_boxes, created, strict=True):
        boxes[box_key] = saved

    # People's hours for the timeboxes whose capacity is not fixed.
    capacity_rows = []
    have_capacity = set(TimeboxCapacity.objects.values_list("timebox_id", "person_id"))
    for slug, (coordinator_hours, supplier_hours) in PEOPLE_CAPACITY.items():
        for quarter, _work in plans:
            people_box = boxes.get((slug, quarter))
            if people_box is None or people_box.capacity_hours is not None:
                continue
            for person, hours, note in (
                (context.coordinators.get(slug), coordinator_hours, "Produktkoordinator"),
                (
                    (context.suppliers.get(slug) or (None, None))[0],
                    supplier_hours,
                    "Leverandørens udviklingsteam",
                ),
            ):
                if person is not None and (people_box.pk, person.pk) not in have_capacity:
                    capacity_rows.append(
                        TimeboxCapacity(timebox=people_box, person=person, hours=Decimal(hours), note=note)
                    )
                    have_capacity.add((people_box.pk, person.pk))
    _insert(TimeboxCapacity, capacity_rows, context.counts, "Timer i timebokse")

    existing_items = set(WorkItem.objects.values_list("product_id", "program_id", "title"))
    new_items: list[WorkItem] = []
    for quarter, work in plans:
        for slug, rows in work.items():
            work_box = boxes.get((slug, quarter))
            if work_box is None:
                continue
            new_items.extend(_items(context, slug, work_box, rows, existing_items, goals))
    program_box = boxes[("program", current)]
    new_items.extend(_items(context, "program", program_box, PROGRAM_WORK, existing_items, goals))
    created_items = _insert(WorkItem, new_items, context.counts, "Arbejdsopgaver")

    # Priority changes with reasons, so that the history shows who changed what and why.
    by_key = {
        (item.product.slug if item.product_id else "program", item.title): item for item in created_items
    }
    for slug, title, priority, reason in PRIORITY_CHANGES:
        item = by_key.get((slug, title))
        if item is not None and item.priority != priority:
            update_work_item(
                item, actor=None, expected_version=item.version, changes={"priority": priority}, reason=reason
            )


def _items(
    context: Context, slug: str, box: Timebox, rows: list[Work], existing: set[Any], goals: dict[str, Goal]
) -> list[WorkItem]:
    target = _target(context, slug)
    target_ids = (getattr(target["product"], "pk", None), getattr(target["program"], "pk", None))
    supplier = context.suppliers.get(slug)
    coordinator = context.coordinators.get(slug)
    body = context.coordination.get(slug)
    out = []
    ranks: dict[str, int] = {}
    for title, kind, priority, hours, status, tags, owner in rows:
        if (*target_ids, title) in existing:
            continue
        created_as = CREATED_AS.get((slug, title), priority)
        ranks[created_as] = ranks.get(created_as, 0) + 1
        goal = goals.get(GOAL_OF.get(title, ""))
        if goal is not None and not (
            (goal.product_id and goal.product_id == target_ids[0])
            or (
                goal.program_id
                and goal.program_id == (box.program_id or getattr(target["product"], "program_id", None))
            )
        ):
            goal = None
        public = bool(
            target["product"]
            and target["product"].is_published
            and status in ("agreed", "in_progress", "done")
        )
        out.append(
            WorkItem(
                title=title,
                kind=kind,
                description=f"{title}. Beskrevet og estimeret af "
                f"{'leverandøren' if owner == 'supplier' else 'produktkoordinatoren'}"
                " sammen med koordinationsgruppen.",
                priority=created_as,
                rank=ranks[created_as],
                estimate_hours=Decimal(hours),
                estimated_cost=Decimal(hours * 950) if owner == "supplier" else None,
                owner_person=coordinator if owner == "coordinator" else None,
                owner_organisation=supplier[1] if owner == "supplier" and supplier else None,
                status=status,
                timebox=box,
                prioritised_by=body if status != "proposed" else None,
                goal=goal,
                tags=list(tags),
                notes="Estimat fra leverandørens tilbud." if owner == "supplier" else "",
                **target,
                **_published(public),
            )
        )
    return out


def _roadmap(context: Context, goals: dict[str, Goal]) -> None:
    current = Quarter.of(context.today)
    existing = {(r.product_id, r.program_id, r.title): r for r in RoadmapItem.objects.all()}
    items: dict[str, RoadmapItem] = {}
    new = []
    for target_key, title, start, end, status, goal_key, published in ROADMAP:
        if target_key != "program" and target_key not in context.products:
            continue
        target = _target(context, target_key)
        key = (getattr(target["product"], "pk", None), getattr(target["program"], "pk", None), title)
        if key in existing:
            items[title] = existing[key]
            continue
        goal = goals.get(goal_key)
        if (
            goal is not None
            and target["product"] is not None
            and goal.product_id not in (None, target["product"].pk)
        ):
            goal = None
        item = RoadmapItem(
            title=title,
            description=f"{title}: se arbejdsopgaverne i timeboksene for detaljer.",
            start_quarter=str(current.shift(start)),
            end_quarter=str(current.shift(end)),
            status=status,
            goal=goal,
            **target,
            **_published(published),
        )
        new.append(item)
        items[title] = item
    for item in _insert(RoadmapItem, new, context.counts, "Roadmap-punkter"):
        items[item.title] = item

    have = set(RoadmapDependency.objects.values_list("item_id", "depends_on_id"))
    dependencies = []
    for title, depends_on in DEPENDENCIES:
        if title in items and depends_on in items and (items[title].pk, items[depends_on].pk) not in have:
            dependencies.append(RoadmapDependency(item=items[title], depends_on=items[depends_on]))
    _insert(RoadmapDependency, dependencies, context.counts, "Afhængigheder")

    have_stones = set(Milestone.objects.values_list("product_id", "program_id", "title"))
    stones = []
    for target_key, title, days, status, item_title, published in MILESTONES:
        if target_key != "program" and target_key not in context.products:
            continue
        target = _target(context, target_key)
        if (
            getattr(target["product"], "pk", None),
            getattr(target["program"], "pk", None),
            title,
        ) in have_stones:
            continue
        due = context.today + datetime.timedelta(days=days)
        linked = items.get(item_title)
        if linked is not None and (linked.product_id, linked.program_id) != (
            getattr(target["product"], "pk", None),
            getattr(target["program"], "pk", None),
        ):
            linked = None
        stones.append(
            Milestone(
                title=title,
                due_date=due,
                status=status,
                met_on=due if status == "met" else None,
                roadmap_item=linked,
                description="",
                **target,
                **_published(published),
            )
        )
    _insert(Milestone, stones, context.counts, "Milepæle")


def _risks(context: Context) -> None:
    have = set(Risk.objects.values_list("product_id", "program_id", "title"))
    new = []
    for target_key, title, probability, impact, status, review, mitigation in RISKS:
        if target_key != "program" and target_key not in context.products:
            continue
        target = _target(context, target_key)
        if (getattr(target["product"], "pk", None), getattr(target["program"], "pk", None), title) in have:
            continue
        owner = context.coordinators.get(target_key) if target_key != "program" else None
        new.append(
            Risk(
                title=title,
                description=f"{title}. Vurderet af produktets koordinationsgruppe.",
                probability=probability,
                impact=impact,
                owner=owner,
                mitigation=mitigation,
                status=status,
                review_date=context.today + datetime.timedelta(days=review),
                **target,
            )
        )
    _insert(Risk, new, context.counts, "Risici")


def _plans(context: Context) -> None:
    """The demo program manager's and product coordinator's weekly plans, from the role descriptions."""
    from programkontor.planning.services import import_role_plan

    people = {
        p.user.username: p
        for p in Person.objects.filter(
            user__username__in=["programleder", "produktkoordinator"]
        ).select_related("user")
        if p.user
    }
    files = {"programleder": "programleder.md", "produktkoordinator": "produktkoordinator.md"}
    for username, filename in files.items():
        person = people.get(username)
        if person is None or RolePlan.objects.filter(person=person).exists():
            continue
        text = (
            resources.files("programkontor.planning").joinpath("data", filename).read_text(encoding="utf-8")
        )
        description = parse_role_description(text)
        hours = description.weekly_hours or Decimal(37)
        plan, responsibilities = import_role_plan(
            actor=None,
            person=person,
            description=description,
            weekly_hours=hours,
            reviewed_on=context.today - datetime.timedelta(days=340),
            reason=CHANGE_REASON,
        )
        context.counts.add("Ugeplaner", 1)
        context.counts.add("Ansvarsområder", len(responsibilities))
        if username == "programleder":
            monday = context.today - datetime.timedelta(days=context.today.weekday())
            year, week = context.today.isocalendar()[:2]
            _insert(
                Absence,
                [
                    Absence(
                        plan=plan,
                        kind="course",
                        start_date=monday + datetime.timedelta(days=3),
                        end_date=monday + datetime.timedelta(days=3),
                        hours_per_day=Decimal("3.5"),
                        note="OS2-konference (eftermiddag)",
                    ),
                    Absence(
                        plan=plan,
                        kind="vacation",
                        start_date=monday + datetime.timedelta(days=21),
                        end_date=monday + datetime.timedelta(days=25),
                        note="Ferie",
                    ),
                ],
                context.counts,
                "Fravær",
            )
            _insert(
                WeekTask,
                [
                    WeekTask(
                        plan=plan,
                        year=year,
                        week=week,
                        title="Forberede styregruppemødet for OS2rollekatalog",
                        priority="must",
                        hours=Decimal(4),
                    ),
                    WeekTask(
                        plan=plan,
                        year=year,
                        week=week,
                        title="Gennemgå leverandørens tilbud på MitID Erhverv",
                        priority="should",
                        hours=Decimal(3),
                    ),
                    WeekTask(
                        plan=plan,
                        year=year,
                        week=week,
                        title="Skrive indlæg til OS2's nyhedsbrev",
                        priority="could",
                        hours=Decimal(2),
                    ),
                ],
                context.counts,
                "Ugeopgaver",
            )
