"""A product's publiccode.yml: the file the standard (version 0.4) describes, from the product's
public data, and the import that shows the differences before it writes anything."""

from __future__ import annotations

import io
from typing import Any

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programkontor.portfolio.models import Product
from programkontor.portfolio.publiccode import (
    Contact,
    ProductData,
    PubliccodeError,
    build,
    imported_fields,
    parse,
    problems,
    to_yaml,
)
from tests import factories as f

#: What no product's data holds: the export leaves these out and says so.
NO_DATA = [
    "categories: required, a list of words from the standard's list",
    "description/[lang]/features: required for at least one language",
]
LONG = "OS2gamma samler kommunernes sager ét sted. " * 5


def full() -> ProductData:
    return ProductData(
        name="OS2gamma",
        kind="product",
        stage="product",
        licence="MPL-2.0",
        summary="Samler sagerne ét sted.",
        description=LONG,
        website="https://os2.eu/produkt/os2gamma",
        repository_urls=("https://github.com/OS2/os2gamma", "https://github.com/OS2/os2gamma-docs"),
        contacts=(Contact("Mads Brandt", "mads@os2.eu", affiliation="OS2"),),
        used_by=("Testrup Kommune", "Aarhus Kommune"),
    )


def download(client: Any, product: Any) -> Any:
    return client.get(reverse("portfolio:product_publiccode", kwargs={"slug": product.slug}))


# --- the pure export and the check written from the standard ------------------------------------


def test_it_builds_every_required_key_the_data_has_and_names_only_the_two_it_has_no_data_for() -> None:
    doc = build(full())
    assert problems(doc) == NO_DATA
    assert doc["publiccodeYmlVersion"] == "0.4" and doc["url"] == "https://github.com/OS2/os2gamma"
    assert doc["platforms"] == ["web"] and doc["developmentStatus"] == "stable"
    assert doc["usedBy"] == ["Aarhus Kommune", "Testrup Kommune"]
    assert doc["legal"] == {"license": "MPL-2.0"}
    assert doc["maintenance"] == {
        "type": "community",
        "contacts": [{"name": "Mads Brandt", "email": "mads@os2.eu", "affiliation": "OS2"}],
    }
    assert doc["localisation"] == {"localisationReady": False, "availableLanguages": ["da"]}
    assert list(doc["description"]) == ["da"]  # type: ignore[arg-type]  # no English text: none invented
    doc["categories"] = ["it-development"]
    doc["description"]["da"]["features"] = ["Sager ét sted"]  # type: ignore[index]
    assert problems(doc) == []


def test_categories_and_features_complete_the_file_and_an_unknown_category_is_named() -> None:
    data = full()
    complete = ProductData(
        **{**data.__dict__, "categories": ("document-management",), "features": ("Sager ét sted",)}
    )
    doc = build(complete)
    assert problems(doc) == []
    assert doc["categories"] == ["document-management"]
    assert doc["description"]["da"]["features"] == ["Sager ét sted"]  # type: ignore[index]
    doc["categories"] = ["document-management", "sagsbehandling"]
    assert problems(doc) == ["categories: not in the standard's list: sagsbehandling"]


def test_the_import_fills_known_categories_and_the_danish_features() -> None:
    doc = parse(
        'publiccodeYmlVersion: "0.4"\nname: OS2gamma\ncategories: [it-development, sagsbehandling]\n'
        "description:\n  da: {shortDescription: Kort, features: [Sager ét sted, '  ', Overblik]}\n"
        "  en: {features: [Cases in one place]}\n"
    )
    fields = imported_fields(doc, [])
    assert fields["categories"] == ["it-development"]  # a word outside the standard's list is left out
    assert fields["features"] == ["Sager ét sted", "Overblik"]


def test_the_product_form_refuses_a_category_outside_the_standard_and_saves_the_rest(
    world: Any, client: Any
) -> None:
    product = world.published_product
    client.force_login(world["alice"])
    url = reverse("portfolio:product_edit", kwargs={"slug": product.slug})
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "repository_urls"}
    data.update(
        program=product.program_id or "", version=product.version, categories="document-management\nsager",
        features="Sager ét sted\n\nOverblik",
    )  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 400  # the form again, with the error at the field
    assert "Ikke en kategori i publiccode.yml-standarden: sager." in response.content.decode()
    assert Product.objects.get(pk=product.pk).categories == []
    data["categories"] = "document-management"
    assert client.post(url, data).status_code == 302
    saved = Product.objects.get(pk=product.pk)
    assert (saved.categories, saved.features) == (["document-management"], ["Sager ét sted", "Overblik"])
    doc = yaml.safe_load(download(client, saved).content.decode())
    assert doc["categories"] == ["document-management"]
    page = client.get(saved.get_absolute_url()).content.decode()
    assert "<li>Sager ét sted</li>" in page and "Kategorier (publiccode.yml): document-management" in page


def test_the_yaml_reads_back_as_the_same_document_and_is_byte_stable() -> None:
    text = to_yaml(build(full()), ["Første linje", "Anden"])
    assert text.startswith("# Første linje\n# Anden\npubliccodeYmlVersion: '0.4'\n")
    assert yaml.safe_load(text) == build(full())
    assert to_yaml(build(full())) == to_yaml(build(full()))


def test_english_is_written_only_when_the_data_has_it() -> None:
    data = ProductData(**{**full().__dict__, "translations": {"en": ("Cases in one place.", LONG)}})
    doc = build(data)
    assert doc["description"]["en"] == {"shortDescription": "Cases in one place.", "longDescription": LONG}  # type: ignore[index]
    assert doc["localisation"] == {"localisationReady": True, "availableLanguages": ["da", "en"]}


@pytest.mark.parametrize(
    ("stage", "kind", "status"),
    [
        ("idea", "project", "concept"),
        ("sandbox", "project", "development"),
        ("product", "product", "stable"),
        ("paused", "product", "stable"),
        ("paused", "project", "development"),
        ("closed", "product", "obsolete"),
    ],
)
def test_the_development_status_follows_the_stage(stage: str, kind: str, status: str) -> None:
    doc = build(ProductData(**{**full().__dict__, "stage": stage, "kind": kind}))
    assert doc["developmentStatus"] == status
    if stage == "closed":
        assert doc["maintenance"] == {"type": "none"}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"publiccodeYmlVersion": 0.4}, 'publiccodeYmlVersion: must be the string "0.4"'),
        ({"url": "git@github.com:OS2/x.git"}, "url: must be an http(s) address"),
        ({"platforms": []}, "platforms: required"),
        ({"developmentStatus": "production"}, "developmentStatus: required"),
        ({"softwareType": "web"}, "softwareType: required, one of the standard's types"),
        ({"description": {"da": {"shortDescription": "x" * 151}}}, "longer than 150 characters"),
        ({"description": {"dansk": {"shortDescription": "x"}}}, "not a BCP 47 language tag"),
        ({"legal": {}}, "legal/license: required"),
        ({"maintenance": {"type": "community"}}, "maintenance/contacts: required when the type is community"),
        ({"maintenance": {"type": "contract"}}, "maintenance/contractors: required"),
        ({"localisation": {"localisationReady": "yes"}}, "localisation/localisationReady: required"),
        ({"localisation": {"localisationReady": True}}, "localisation/availableLanguages: required"),
    ],
)
def test_the_check_catches_what_breaks_the_standard(change: dict[str, Any], problem: str) -> None:
    doc = {**build(full()), "categories": ["it-development"], **change}
    assert any(problem in found for found in problems(doc)), problems(doc)


def test_a_long_description_outside_150_to_10000_characters_is_named() -> None:
    doc = build(ProductData(**{**full().__dict__, "description": "Kort."}))
    assert "description/da/longDescription: must be 150-10000 characters" in problems(doc)


def test_reading_refuses_bad_yaml_a_list_and_other_versions() -> None:
    with pytest.raises(PubliccodeError) as bad:
        parse("name: [OS2\nurl: x")
    assert (bad.value.kind, bad.value.line) == ("yaml", 2)
    with pytest.raises(PubliccodeError) as listed:
        parse("- a\n- b\n")
    assert listed.value.kind == "mapping"
    with pytest.raises(PubliccodeError) as old:
        parse('publiccodeYmlVersion: "0.1"\nname: x\n')
    assert (old.value.kind, old.value.detail) == ("version", "0.1")


def test_the_repository_checks_own_reader_accepts_the_export_once_the_two_missing_keys_are_added() -> None:
    """A second, independent reading of the standard: the evaluation's repository check."""
    from programkontor.evaluation.repository.publiccode import validate

    doc = build(full())
    assert validate(to_yaml(doc)).problems  # without categories and features it is not complete
    doc["categories"] = ["it-development"]
    doc["description"]["da"]["features"] = ["Sager ét sted"]  # type: ignore[index]
    assert validate(to_yaml(doc)).problems == []


def test_the_repository_checks_sample_file_passes_our_check_and_fills_the_danish_fields() -> None:
    from tests.evaluation.repositories import GOOD_FILES

    doc = parse(GOOD_FILES["publiccode.yml"])
    assert problems(doc) == []
    fields = imported_fields(doc, ["https://github.com/OS2/old"])
    assert fields["name"] == "OS2test" and fields["summary"] == "Et testprodukt."
    assert str(fields["description"]).startswith("Et testprodukt, der viser")
    assert fields["repository_urls"] == ["https://github.com/OS2/os2test", "https://github.com/OS2/old"]
    assert "website" not in fields


def test_a_file_with_english_texts_only_fills_no_danish_field() -> None:
    doc = parse(
        'publiccodeYmlVersion: "0.2"\nname: Medusa\nlegal: {license: AGPL-3.0-or-later}\n'
        "description:\n  en: {shortDescription: Booking for hospitals}\n"
    )
    assert imported_fields(doc, []) == {"name": "Medusa", "licence": "AGPL-3.0-or-later"}


# --- the download, through the gate, on the demo's own products ---------------------------------


@pytest.fixture
def demo(db: Any) -> None:
    from programkontor.portfolio import demo as portfolio_demo

    portfolio_demo.load_demo(stdout=io.StringIO())


def test_every_published_demo_product_downloads_a_file_that_lacks_only_what_no_data_holds(
    demo: None, client: Any
) -> None:
    published = list(Product.objects.filter(is_published=True))
    assert len(published) >= 20
    complete: list[str] = []
    for product in published:
        response = download(client, product)
        assert response["Content-Type"] == "text/yaml; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="publiccode.yml"'
        text = response.content.decode()
        doc = yaml.safe_load(text)
        assert doc["name"] == product.name and doc["legal"]["license"] == product.licence
        assert doc["url"] == product.repository_urls[0]
        assert doc["description"]["da"]["shortDescription"] == product.summary
        if product.categories and product.features:
            assert problems(doc) == [], product.slug  # complete: nothing to add by hand
            assert doc["categories"] == product.categories
            assert doc["description"]["da"]["features"] == product.features
            assert "Tilføj" not in text
            complete.append(product.slug)
            continue
        found = [p for p in problems(doc) if p not in NO_DATA]
        assert found == [], (product.slug, found)
        assert "# Tilføj, før filen er gyldig: categories, description/[lang]/features" in text
        if product.notes:
            assert product.notes not in text
        assert not product.cost_element or product.cost_element not in text
    assert sorted(complete) == ["os2faktor", "os2mo", "os2rollekatalog", "os2sofd"]


def test_a_visitor_gets_nothing_of_an_unpublished_demo_product(demo: None, client: Any) -> None:
    hidden = Product.objects.filter(is_published=False).first()
    assert hidden is not None
    assert download(client, hidden).status_code == 404


def test_the_file_names_only_public_contacts_and_no_internal_field_even_for_the_secretariat(
    world: Any, client: Any
) -> None:
    product = world.published_product
    product.notes, product.cost_element = "HEMMELIG NOTE", "XG-99999-PSP"
    product.repository_urls = ["https://github.com/OS2/os2gamma"]
    product.save()
    public = f.PersonFactory(first_name="Pia", last_name="Offentlig", email="pia@os2.eu", is_public=True)
    private = f.PersonFactory(first_name="Per", last_name="Privat", email="per.privat@example.org")
    f.RoleAssignmentFactory(person=public, product=product, role="product_owner")
    f.RoleAssignmentFactory(person=private, product=product, role="product_coordinator")
    for user in (None, world["alice"]):
        if user:
            client.force_login(user)
        text = download(client, product).content.decode()
        assert "Pia Offentlig" in text and "pia@os2.eu" in text
        assert "Per Privat" not in text and "per.privat" not in text
        assert "HEMMELIG" not in text and "XG-99999" not in text


def test_the_product_page_links_the_file_and_offers_the_import_only_to_writers(
    world: Any, client: Any
) -> None:
    product = world.published_product
    page = client.get(product.get_absolute_url()).content.decode()
    assert "Hent publiccode.yml" in page and f"/produkter/{product.slug}/publiccode.yml" in page
    assert "Importér fra publiccode.yml" not in page
    client.force_login(world["alice"])
    page = client.get(product.get_absolute_url()).content.decode()
    assert "Importér fra publiccode.yml" in page


# --- the import: differences first, then the chosen fields through the service ------------------


def upload(client: Any, product: Any, text: str) -> Any:
    url = reverse("portfolio:product_publiccode_import", kwargs={"slug": product.slug})
    return client.post(url, {"file": SimpleUploadedFile("publiccode.yml", text.encode())})


def repository_file(product: Any) -> str:
    """The product's own export as a repository would hold it, after the repository changed it."""
    doc = build(
        ProductData(
            name=product.name,
            kind=product.kind,
            stage=product.stage,
            licence="EUPL-1.2",
            summary="Ny kort beskrivelse fra repositoriet.",
            description=LONG,
            website=product.website,
            repository_urls=("https://github.com/OS2/os2gamma-ny",),
        )
    )
    return to_yaml(doc)


def test_the_import_shows_the_differences_and_applies_only_the_chosen_fields(world: Any, client: Any) -> None:
    product = world.published_product
    before = Product.objects.get(pk=product.pk)
    client.force_login(world["alice"])
    preview = upload(client, product, repository_file(product))
    page = preview.content.decode()
    assert preview.status_code == 200
    table = page[page.index('id="publiccode-differences"') : page.index("</table>")]
    assert "Licens" in table and "EUPL-1.2" in table and before.licence in table
    assert "Kort beskrivelse" in table and "Ny kort beskrivelse fra repositoriet." in table
    assert "https://github.com/OS2/os2gamma-ny" in table
    assert ">Navn<" not in table  # the same name is no difference
    assert Product.objects.get(pk=product.pk).version == before.version  # a preview writes nothing
    text = preview.context["apply_form"]["text"].value()
    url = reverse("portfolio:product_publiccode_import", kwargs={"slug": product.slug})
    response = client.post(url, {"text": text, "version": before.version, "chosen": ["licence", "summary"]})
    assert response.status_code == 302
    after = Product.objects.get(pk=product.pk)
    assert (after.licence, after.summary) == ("EUPL-1.2", "Ny kort beskrivelse fra repositoriet.")
    assert after.repository_urls == before.repository_urls and after.description == before.description
    record = after.history.first()
    assert (record.history_user, record.history_change_reason) == (world["alice"], "publiccode.yml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: [OS2\nurl: x\n", "Filen er ikke gyldig YAML (linje 2). Intet blev gemt."),
        (
            'publiccodeYmlVersion: "0.1"\nname: OS2gamma\n',
            "Filens publiccodeYmlVersion er 0.1; Programkontor læser version 0.2, 0.3, 0.4. Intet blev gemt.",
        ),
        ("name: OS2gamma\n", "Filens publiccodeYmlVersion er mangler;"),
        (
            "- en liste\n",
            "Filen er YAML, men ikke en publiccode.yml (den har ingen nøgler). Intet blev gemt.",
        ),
    ],
)
def test_a_file_we_cannot_read_gets_a_danish_error_and_nothing_is_saved(
    world: Any, client: Any, text: str, message: str
) -> None:
    product = world.published_product
    version = product.version
    client.force_login(world["alice"])
    response = upload(client, product, text)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Product.objects.get(pk=product.pk).version == version


def test_applying_after_someone_else_changed_the_product_saves_nothing(world: Any, client: Any) -> None:
    product = world.published_product
    client.force_login(world["alice"])
    text = upload(client, product, repository_file(product)).context["apply_form"]["text"].value()
    Product.objects.filter(pk=product.pk).update(summary="Ændret imens", version=product.version + 1)
    url = reverse("portfolio:product_publiccode_import", kwargs={"slug": product.slug})
    response = client.post(url, {"text": text, "version": product.version, "chosen": ["summary"]})
    assert response.status_code == 400
    assert "Intet blev gemt" in response.content.decode()
    assert Product.objects.get(pk=product.pk).summary == "Ændret imens"


def broken_files() -> list[Any]:
    from tests.security.test_broken_files import Broken, broken_text

    valid = to_yaml(build(full())).encode()
    return [
        *broken_text(valid, "yml"),
        Broken("unclosed-list", valid + b"platforms: [web\n", r"not valid YAML \(line \d+\)"),
        Broken("tab-indent", valid.replace(b"  da:", b"\tda:"), r"not valid YAML"),
        Broken("a-list", b"- publiccodeYmlVersion: '0.4'\n", r"not a publiccode.yml"),
        Broken("a-string", b"publiccode\n", r"not a publiccode.yml"),
        Broken("empty", b"", r"The submitted file is empty"),
        Broken("version-0.1", valid.replace(b"'0.4'", b"'0.1'"), r"publiccodeYmlVersion is 0.1"),
        Broken("no-version", valid.replace(b"publiccodeYmlVersion: '0.4'\n", b""), r"is missing"),
    ]


@pytest.mark.parametrize("broken", broken_files(), ids=lambda b: b.name)
def test_a_broken_file_is_refused_with_its_reason_and_nothing_is_saved(
    world: Any, client: Any, settings: Any, broken: Any
) -> None:
    import re

    from django.utils import translation

    from tests.security.test_broken_files import LIMITS

    settings.PROGRAMKONTOR_IMPORT_LIMITS = {
        kind: dict(LIMITS) for kind in settings.PROGRAMKONTOR_IMPORT_LIMITS
    }
    product = world.published_product
    client.force_login(world["alice"])
    url = reverse("portfolio:product_publiccode_import", kwargs={"slug": product.slug})
    with translation.override("en"):
        response = client.post(
            url,
            {"file": SimpleUploadedFile("publiccode.yml", broken.content)},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 400
        errors = [str(error) for error in response.context["form"].errors["file"]]
    assert re.search(broken.expected, " ".join(errors)), errors
    assert Product.objects.get(pk=product.pk).version == product.version
