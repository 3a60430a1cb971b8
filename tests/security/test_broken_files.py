"""A corpus of broken and hostile files, generated here from OS2's real files, for every import.

For each parser at least 15 files — empty, truncated, in another encoding, with NUL bytes, binary
garbage, a byte-order mark, wrong delimiters, huge rows, too many rows, too large, deep nesting, zip
bombs, formula injection, dates and amounts out of range, and each format's own way of being wrong —
go through the web upload (and the API where there is one) and the command line. Each must be
refused with a clear message (the English msgid, matched here; the user reads it in Danish) that
names what is wrong, with a 400 on the web, a CommandError on the command line — never a 500 or a
traceback — and nothing saved. The valid file each corpus is made from must import, so the refusals
are the mutations' doing.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from programkontor.economy.models import Actual, ActualImport
from programkontor.evaluation.models import Catalogue, Evaluation, Requirement, SelfEvaluation
from programkontor.governance.models import Decision, Meeting
from programkontor.planning.models import Responsibility, RolePlan
from programkontor.portfolio.models import PopulationFigure
from tests import factories as f
from tests.conftest import OS2_CORPUS, OS2_SHARED
from tests.economy.factories import accounts_for
from tests.planning.factories import RolePlanFactory
from tests.portfolio.test_population_parser import MUNICIPALITIES, dst_wide_export

#: The copies of OS2's corpus files in the tests (``test_os2_corpus`` checks them against the corpus),
#: so the mutations run wherever the suite runs.
CORPUS = OS2_CORPUS
KB = 1024
LIMITS = {"max_bytes": 256 * KB, "max_rows": 1000}


@dataclass(frozen=True)
class Broken:
    """A broken file and the message (a regular expression) it must be refused with."""

    name: str
    content: bytes
    expected: str
    filename: str = ""


def corpus_file(path: str) -> bytes:
    return (CORPUS / path).read_bytes()


# --- Broken files every text format gets ---------------------------------------------------------

NOT_TEXT = r"control character U\+0000"


def broken_text(valid: bytes, suffix: str) -> list[Broken]:
    """Mutations that make any text file unreadable, whatever its format (each limit at 256 KB and
    1,000 lines in these tests)."""
    lines = valid.splitlines(keepends=True)
    return [
        Broken("nul-byte", b"".join(lines[:3]) + b"\x00" + b"".join(lines[3:]), NOT_TEXT),
        Broken("binary-garbage", bytes(range(256)) * 8, r"not text"),
        Broken("utf16-without-bom", as_text(valid).encode("utf-16-le"), NOT_TEXT),
        Broken("not-windows-1252", b"\x81\x8d\x8f" + valid, r"not text in UTF-8 or Windows-1252"),
        Broken("bom-then-not-utf8", b"\xef\xbb\xbf" + valid[:20] + b"\xff\xfe", r"says it is UTF-8"),
        Broken("zip-archive", zip_of(valid), r"zip archive|cannot be read as an XLSX workbook"),
        Broken("pdf", b"%PDF-1.7\n" + valid, r"PDF document"),
        Broken("too-large", valid + b"\n" + b"x" * (257 * KB), r"larger than 256 KB"),
        Broken("too-many-lines", valid + b"\n" * 1001, r"more than 1000 lines"),
    ]


def as_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def zip_of(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("fil", data)
    return out.getvalue()


# --- The corpora -------------------------------------------------------------------------------------


def population_corpus() -> tuple[bytes, list[Broken]]:
    valid = dst_wide_export()  # Statistics Denmark's wide layout of the 98 real 2020 figures, ISO-8859-1
    text = valid.decode("iso-8859-1")
    long = "OMRÅDE;TID;INDHOLD\n"
    return valid, [
        *broken_text(valid, "csv"),
        Broken("empty", b"", r"contains no population figures|submitted file is empty"),
        Broken("bom-only", b"\xef\xbb\xbf", r"contains no population figures"),
        Broken(
            "truncated-in-a-number", valid[: valid.index(b";632340") + 4] + b".", r"'632\.' is not a number"
        ),
        Broken(
            "wrong-delimiter", text.replace(";", "|").encode("iso-8859-1"), r"names no period|no population"
        ),
        Broken("huge-row", (long + '"' + "x" * 140_000 + '"\n').encode(), r"longer than 131072 characters"),
        Broken(
            "formula-injection",
            (long + '=HYPERLINK("http://x");2020K1;5\n').encode(),
            r"Unknown municipality: '=HYPERLINK",
        ),
        Broken("negative", (long + "101 København;2020K1;-5\n").encode(), r"is negative"),
        Broken(
            "amount-out-of-range", (long + "101 København;2020K1;99999999999\n").encode(), r"is too large"
        ),
        Broken(
            "date-out-of-range",
            (long + "101 København;0001K1;632340\n").encode(),
            r"'0001K1' is not a period",
        ),
        Broken(
            "twice",
            (long + "101 København;2020K1;632340\n101;2020K1;632340\n").encode(),
            r"already on line 2",
        ),
    ]


ACTUALS_HEADER = "Dato;Konto;Beløb;Tekst;Bilagsnummer\n"


def workbook(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_sheet(data: bytes, old: bytes, new: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(old, new)
            archive.writestr(info.filename, content)
    return out.getvalue()


def actuals_corpus(psp: str) -> tuple[bytes, list[Broken]]:
    """Postings under a real PSP element of OS2's handbook (``product_psp_elements.csv``)."""
    rows = [
        f"14.03.2026;{psp}-00005;1.234,56;Hosting marts;B-100\n",
        "15.03.2026;00008;-500,00;Kreditnota;B-101\n",
        "16.03.2026;8;12.500;Sprint;B-102\n",
    ]
    valid = (ACTUALS_HEADER + "".join(rows)).encode()
    good_book = workbook(
        [["Dato", "Konto", "Beløb", "Tekst", "Bilag"], ["2026-03-14", "00005", 999, "Drift", "X-1"]]
    )
    bomb_cells = b"<row>" + b'<c t="n"><v>1</v></c>' * 500_000 + b"</row>"
    parts = io.BytesIO()
    with zipfile.ZipFile(parts, "w") as archive:
        for number in range(1100):
            archive.writestr(f"xl/part{number}.xml", b"<x/>")

    def row(text: str) -> bytes:
        return (ACTUALS_HEADER + text + "\n").encode()

    return valid, [
        *broken_text(valid, "csv"),
        Broken("empty", b"", r"The file is empty|submitted file is empty"),
        Broken("wrong-delimiter", valid.replace(b";", b":"), r"must name the columns"),
        Broken(
            "huge-row", row('14.03.2026;00005;1,00;"' + "x" * 140_000 + '";B-1'), r"cannot be read as CSV"
        ),
        Broken(
            "truncated-workbook", good_book[: len(good_book) // 2], r"cannot be read as an XLSX", "x.xlsx"
        ),
        Broken(
            "zip-bomb",
            with_sheet(workbook([["Dato"]]), b"<sheetData>", b"<sheetData>" + bomb_cells),
            r"zip bomb",
            "bombe.xlsx",
        ),
        Broken("too-many-parts", parts.getvalue(), r"holds 1100 parts", "dele.xlsx"),
        Broken(
            "infinite-amount",
            with_sheet(good_book, b"<v>999</v>", b"<v>1e400</v>"),
            r"is not an amount",
            "x.xlsx",
        ),
        Broken("date-out-of-range", row("01.01.0001;00005;1,00;x;B-1"), r"not in the years 2000 to 2100"),
        Broken(
            "amount-out-of-range",
            row("01.02.2026;00005;99999999999999999,00;x;B-1"),
            r"larger than 10 billion",
        ),
        Broken("formula-in-amount", row("01.02.2026;00005;=1+1;x;B-1"), r"is not an amount"),
        Broken(
            "formula-in-account", row("01.02.2026;=cmd|' /C calc'!A0;1,00;x;B-1"), r"is not an account number"
        ),
        Broken("unknown-account", row("01.02.2026;00099;1,00;x;B-1"), r"is not in the chart of accounts"),
        Broken(
            "document-twice",
            row("01.02.2026;00005;1,00;x;B-1\n02.02.2026;00005;1,00;y;B-1"),
            r"also in row 2",
        ),
    ]


def self_evaluation_corpus() -> tuple[bytes, list[Broken]]:
    valid = corpus_file("self-evaluations/os2-test-selvevaluering-20260501T202615Z.json")
    form = json.loads(valid)

    def changed(**fields: Any) -> bytes:
        return json.dumps({**form, **fields}, ensure_ascii=False).encode()

    first = form["krav"][0]
    return valid, [
        *broken_text(valid, "json"),
        Broken("empty", b"", r"not a governance report|submitted file is empty"),
        Broken("truncated", valid[: len(valid) // 2], r"not valid JSON"),
        Broken("bom-truncated", b"\xef\xbb\xbf" + valid[:100], r"not valid JSON"),
        Broken("deep-nesting", b'{"krav": ' + b"[" * 100_000, r"nested too deeply"),
        Broken("huge-number", b'{"krav": [], "x": ' + b"9" * 5_000 + b"}", r"number that is too long"),
        Broken("too-many-entries", changed(krav=[{}] * 1001), r'"krav" has 1001 entries'),
        Broken(
            "unknown-requirement",
            changed(krav=[{**first, "id": "R999"}, *form["krav"][1:]]),
            r"R999 is not a requirement",
        ),
        Broken(
            "bad-answer",
            changed(krav=[{**first, "efterlevet": "Måske"}, *form["krav"][1:]]),
            r'"efterlevet" is \'Måske\'',
        ),
        Broken("date-out-of-range", changed(filledDate="01-01-0001"), r"'01-01-0001', not a date"),
        Broken(
            "evaluation-report",
            corpus_file("evaluations/os2-test_assessment.md"),
            r"import it with import_evaluation",
        ),
        Broken("pathological-line", b"# a" + b" " * 200_000 + b"b", r"not a governance report"),
    ]


def evaluation_corpus() -> tuple[bytes, list[Broken]]:
    valid = corpus_file("evaluations/os2-test_assessment.md")
    text = valid.decode()
    first_light = next(line for line in text.splitlines() if line.startswith("| R1 "))
    return valid, [
        *broken_text(valid, "md"),
        Broken("empty", b"", r"not an evaluation report|submitted file is empty"),
        Broken("json", b'{"krav": []}', r"The file is JSON"),
        Broken(
            "governance-report",
            corpus_file("self-evaluations/os2-test-governancerapport.md"),
            r"is a governance report",
        ),
        Broken("truncated", valid[: len(valid) // 3], r"lacks \d+ requirement"),
        Broken(
            "not-a-light",
            text.replace(first_light, first_light.replace("🟢", "lilla", 1)).encode(),
            r"not a traffic light",
        ),
        Broken(
            "two-lights",
            text.replace(first_light, first_light.replace("🟢", "🟢 🔴", 1)).encode(),
            r"more than one light",
        ),
        Broken(
            "twice",
            text.replace(first_light, first_light + "\n" + first_light).encode(),
            r"R1.*twice|twice.*R1",
        ),
        Broken(
            "date-out-of-range",
            re.sub(r"(Dato for udfyldelse:\*\*) \S+", r"\1 01-01-0001", text).encode(),
            r"'01-01-0001', not a date",
        ),
        Broken("pathological-line", b"# a" + b" " * 200_000 + b"b", r"not an evaluation report"),
    ]


def catalogue_corpus() -> tuple[bytes, list[Broken]]:
    shipped = resources.files("programkontor.evaluation").joinpath("data", "os2-styringsmodel-1.1.0.json")
    catalogue = {**json.loads(shipped.read_bytes()), "version": "9.9.9"}  # a new version: it imports
    valid = json.dumps(catalogue, ensure_ascii=False, indent=2).encode()

    def changed(**fields: Any) -> bytes:
        return json.dumps({**catalogue, **fields}, ensure_ascii=False).encode()

    first = catalogue["requirements"][0]
    return valid, [
        *broken_text(valid, "json"),
        Broken("empty", b"", r"no requirement tables|submitted file is empty"),
        Broken("truncated", valid[: len(valid) // 2], r"not valid JSON"),
        Broken(
            "deep-nesting",
            b'{"format": "programkontor-catalogue/1", "levels": ' + b"[" * 100_000,
            r"nested too deeply",
        ),
        Broken("huge-number", b'{"x": ' + b"9" * 5_000 + b"}", r"number that is too long"),
        Broken(
            "too-many-entries",
            changed(requirements=[{"id": "R1"}] * 1001),
            r'"requirements" has 1001 entries',
        ),
        Broken("not-a-list", changed(levels=True), r'"levels" must be a list'),
        Broken("wrong-format", changed(format="noget-andet"), r"not a requirement catalogue"),
        Broken("twice", changed(requirements=[first, *catalogue["requirements"]]), r"appears twice"),
        Broken(
            "script-as-id", changed(requirements=[{**first, "id": "<script>"}]), r"is not a requirement id"
        ),
    ]


ROLE = (
    "# Programleder\n\nTimetal: 37 timer pr. uge\n\n### MUST - kerneopgaver\n- Lede programmet\n- Budget\n\n"
    "### SHOULD\n- Netværk\n\n### COULD\n- Konferencer\n"
)


def role_corpus() -> tuple[bytes, list[Broken]]:
    reference = OS2_SHARED / "reference" / "program_manager_role.md"
    valid = reference.read_bytes() if reference.is_file() else ROLE.encode()
    return valid, [
        *broken_text(valid, "md"),
        Broken("empty", b"", r"mangler en overskrift|submitted file is empty"),
        Broken("truncated", ROLE[: ROLE.index("### COULD")].encode(), r"begynder med COULD"),
        Broken(
            "empty-list",
            ROLE.replace("- Konferencer\n", "").encode(),
            r"ingen punkter under overskriften COULD",
        ),
        Broken("twice", (ROLE + "### MUST\n- Igen\n").encode(), r"MUST står der to gange"),
        Broken("pathological-line", b"# a" + b" " * 200_000 + b"b", r"mangler en overskrift"),
        Broken(
            "absurd-hours",
            ROLE.replace("37 timer", "999999 timer").encode(),
            r"højst 80 timer|less than or equal to 80",
        ),
    ]


# --- Where the files go, and what counts as saved ----------------------------------------------------


@dataclass
class Office:
    """One program office with everything each import needs, and a secretariat user."""

    alice: Any
    product: Any
    plan: Any


@pytest.fixture
def office(db: Any, settings: Any) -> Iterator[Office]:
    settings.PROGRAMKONTOR_IMPORT_LIMITS = {
        kind: dict(LIMITS) for kind in settings.PROGRAMKONTOR_IMPORT_LIMITS
    }
    alice = f.UserFactory(username="alice", is_secretariat=True)
    person = f.PersonFactory(first_name="Alice", last_name="Testsen", user=alice, email="alice@example.org")
    product = f.ProductFactory(name="OS2test", slug="os2test", cost_element=psp_element())
    accounts_for(product)
    for municipality in MUNICIPALITIES:
        f.MunicipalityFactory(
            name=municipality.name, slug=f"k{municipality.code}", municipality_code=municipality.code
        )
    plan = RolePlanFactory(person=person)
    with translation.override("en"):
        yield Office(alice, product, plan)


def psp_element() -> str:
    path = OS2_SHARED / "data" / "product_psp_elements.csv"
    lines = (
        path.read_text(encoding="utf-8").splitlines()
        if path.is_file()
        else ["", "XG-9212045220,OS2kravmotor"]
    )
    return lines[1].split(",")[0]


def saved() -> dict[str, int]:
    """What the imports write, counted (the shipped catalogue is there before any import)."""
    return {
        "population": PopulationFigure.objects.count(),
        "actuals": Actual.objects.count() + ActualImport.objects.count(),
        "self_evaluations": SelfEvaluation.objects.count(),
        "evaluations": Evaluation.objects.count(),
        "catalogues": Catalogue.objects.count() + Requirement.objects.count(),
        "role_plans": RolePlan.objects.count() + Responsibility.objects.count(),
        "governance": Decision.objects.count() + Meeting.objects.count(),
    }


@dataclass(frozen=True)
class Import:
    """One kind of import: its corpus, its page (and API), its command."""

    name: str
    corpus: Callable[[], tuple[bytes, list[Broken]]]
    suffix: str
    web: Callable[[Client, Office, SimpleUploadedFile], Any]
    command: Callable[[Office, str], list[str]]
    api: Callable[[APIClient, Office, SimpleUploadedFile], Any] | None = None


IMPORTS = [
    Import(
        "population",
        population_corpus,
        "csv",
        lambda client, office, upload: client.post(reverse("portfolio:population_import"), {"file": upload}),
        lambda office, path: ["import_population", path],
    ),
    Import(
        "actuals",
        lambda: actuals_corpus(psp_element()),
        "csv",
        lambda client, office, upload: client.post(
            reverse("economy:actual_import") + f"?product={office.product.slug}", {"file": upload}
        ),
        lambda office, path: ["import_actuals", path, "--product", office.product.slug],
        lambda client, office, upload: client.post(
            reverse("api:actualimport-list"),
            {"product": office.product.pk, "file": upload},
            format="multipart",
        ),
    ),
    Import(
        "self-evaluation",
        self_evaluation_corpus,
        "json",
        lambda client, office, upload: client.post(
            reverse("evaluation:selfevaluation_import", args=[office.product.slug]), {"file": upload}
        ),
        lambda office, path: ["import_self_evaluation", path, "--product", office.product.slug],
    ),
    Import(
        "evaluation-report",
        evaluation_corpus,
        "md",
        lambda client, office, upload: client.post(
            reverse("evaluation:evaluation_import", args=[office.product.slug]), {"file": upload}
        ),
        lambda office, path: ["import_evaluation", path, "--product", office.product.slug],
    ),
    Import(
        "catalogue",
        catalogue_corpus,
        "json",
        lambda client, office, upload: client.post(
            reverse("evaluation:catalogue_import"), {"governance_template": upload, "make_current": ""}
        ),
        lambda office, path: ["import_catalogue", path, "--not-current"],
    ),
    Import(
        "role-plan",
        role_corpus,
        "md",
        lambda client, office, upload: client.post(
            reverse("planning:roleplan_import", args=[office.plan.pk]), {"file": upload}
        ),
        lambda office, path: ["import_role_plan", path, "--person", "alice@example.org", "--replace"],
    ),
]
CASES = [
    pytest.param(kind, broken, id=f"{kind.name}-{broken.name}")
    for kind in IMPORTS
    for broken in kind.corpus()[1]
]


def test_every_parser_has_a_corpus_of_at_least_15_broken_files() -> None:
    for kind in IMPORTS:
        assert len(kind.corpus()[1]) >= 15, kind.name
    assert len(governance_cases()) >= 15
    assert len(moscow_cases()) >= 15


@pytest.mark.parametrize("kind", IMPORTS, ids=[kind.name for kind in IMPORTS])
def test_the_valid_file_each_corpus_is_made_from_imports(
    kind: Import, office: Office, tmp_path: Path
) -> None:
    valid, _broken = kind.corpus()
    path = tmp_path / f"gyldig.{kind.suffix}"
    path.write_bytes(valid)
    before = saved()
    call_command(*kind.command(office, str(path)), stdout=io.StringIO(), stderr=io.StringIO())
    assert saved() != before


def page_text(response: Any) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


@pytest.mark.parametrize(("kind", "broken"), CASES)
def test_a_broken_file_uploaded_is_refused_clearly_and_nothing_is_saved(
    kind: Import, broken: Broken, office: Office
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(office.alice)
    before = saved()
    upload = SimpleUploadedFile(broken.filename or f"fil.{kind.suffix}", broken.content)
    response = kind.web(client, office, upload)
    assert response.status_code == 400, page_text(response)[-2000:]
    assert re.search(broken.expected, page_text(response)), page_text(response)[-3000:]
    assert saved() == before
    if kind.api is not None:
        api = APIClient()
        api.force_login(office.alice)
        api.raise_request_exception = False
        upload.seek(0)
        answer = kind.api(api, office, upload)
        assert answer.status_code == 400, answer.content[:2000]
        assert re.search(broken.expected, json.dumps(answer.json(), ensure_ascii=False))
        assert saved() == before


@pytest.mark.parametrize(("kind", "broken"), CASES)
def test_a_broken_file_on_the_command_line_is_refused_clearly_and_nothing_is_saved(
    kind: Import, broken: Broken, office: Office, tmp_path: Path
) -> None:
    path = tmp_path / (broken.filename or f"fil.{kind.suffix}")
    path.write_bytes(broken.content)
    before = saved()
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(*kind.command(office, str(path)), stdout=io.StringIO(), stderr=err)
    said = f"{refused.value}\n{err.getvalue()}"
    assert re.search(broken.expected, said), said[-3000:]
    assert saved() == before


# --- Governance repositories (command line only) -----------------------------------------------------

DECISION = "\n".join(
    [
        "# [SDR] Ny version",
        "- **Dato**: 2026-02-01",
        "- **Status**: Besluttet",
        "- **Beslutningstagere**: Styregruppen",
        "",
    ]
)


def governance_cases() -> list[Broken]:
    valid = DECISION.encode()
    return [
        *(Broken(b.name, b.content, r"ikke tekst|større end|mere end") for b in broken_text(valid, "md")),
        Broken("empty", b"", r"hverken en beslutning eller et referat"),
        Broken("no-date", DECISION.replace("- **Dato**: 2026-02-01\n", "").encode(), r"ingen dato"),
        Broken(
            "date-out-of-range",
            DECISION.replace("2026-02-01", "0001-01-01").encode(),
            r"ingen dato|ikke en dato",
        ),
        Broken("minutes-without-date", b"## M\xc3\xb8defakta\n## Dagsorden\n", r"ingen dato i referatet"),
        Broken("pathological-line", b"# a" + b" " * 200_000 + b"b", r"hverken en beslutning"),
        Broken("no-title", b"- **Beslutningstagere**: Styregruppen\n", r"ingen overskrift"),
    ]


@pytest.mark.parametrize("broken", governance_cases(), ids=lambda broken: broken.name)
def test_a_broken_governance_file_is_listed_with_its_reason_and_nothing_is_saved(
    broken: Broken, office: Office, tmp_path: Path
) -> None:
    repository = tmp_path / "repo"
    (repository / "beslutninger").mkdir(parents=True)
    (repository / "beslutninger" / "fil.md").write_bytes(broken.content)
    out = io.StringIO()
    call_command(
        "import_governance", str(repository), "--product", office.product.slug, "--format", "json", stdout=out
    )
    unmapped = json.loads(out.getvalue())["unmapped"]
    reasons = " ".join(item["reason"] for item in unmapped if item["source_file"] == "beslutninger/fil.md")
    assert re.search(broken.expected, reasons), unmapped
    assert Decision.objects.count() == 0 and Meeting.objects.count() == 0


def test_the_real_governance_folder_still_imports(office: Office) -> None:
    f.BodyFactory(product=office.product, kind="coordination", name="Projektgruppen")
    out = io.StringIO()
    call_command(
        "import_governance", str(CORPUS / "project-group-ai-heatcontrol"), "--product", office.product.slug,
        "--format", "json", "--dry-run", stdout=out,
    )  # fmt: skip
    assert json.loads(out.getvalue())["unmapped"] is not None


# --- MoSCoW item lists (command line only; the check saves nothing) --------------------------------

ITEMS = "title,priority,hours\nLogin,MUST,40\nRapport,SHOULD,20\nTema,COULD,10\n"


def moscow_cases() -> list[Broken]:
    valid = ITEMS.encode()

    def row(text: str) -> bytes:
        return ("title,priority,hours\n" + text + "\n").encode()

    return [
        *broken_text(valid, "csv"),
        Broken("empty", b"", r"Filen er tom"),
        Broken("huge-row", row('"' + "x" * 140_000 + '",MUST,1'), r"cannot be read as CSV"),
        Broken("wrong-delimiter", valid.replace(b",", b"|"), r"mangler kolonnen"),
        Broken("unknown-priority", row("A,MAYBE,1"), r"prioriteten »MAYBE« er ukendt"),
        Broken("negative-hours", row("A,MUST,-1"), r"ikke være negative"),
        Broken("hours-out-of-range", row("A,MUST,1e999999999"), r"højst være 100000"),
        Broken("formula-injection", row("A,MUST,=1+1"), r"timer skal være et tal"),
    ]


@pytest.mark.parametrize("broken", moscow_cases(), ids=lambda broken: broken.name)
def test_a_broken_item_list_is_refused_clearly(broken: Broken, tmp_path: Path, settings: Any) -> None:
    settings.PROGRAMKONTOR_IMPORT_LIMITS = {
        kind: dict(LIMITS) for kind in settings.PROGRAMKONTOR_IMPORT_LIMITS
    }
    path = tmp_path / "opgaver.csv"
    path.write_bytes(broken.content)
    out = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command("moscow_check", "--capacity", "100", "--items", str(path), stdout=out)
    assert re.search(broken.expected, str(refused.value)), str(refused.value)[-2000:]
    assert out.getvalue() == ""
