"""The portfolio's pages, read as a user reads them: what each page shows to whom."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from programkontor.portfolio.models import Product
from tests import factories as f


def text(response: Any) -> str:
    return response.content.decode()


def test_the_overview_groups_products_under_their_program_with_manager_and_participants(
    world: Any, client: Any
) -> None:
    client.force_login(world["alice"])
    page = text(client.get(reverse("portfolio:overview")))
    assert "Velfærd" in page and "Infrastruktur" in page
    assert "OS2alpha" in page and "OS2beta" in page
    assert "Bob Testsen" in page  # program manager of Velfærd
    assert "Grace Testsen" in page
    # OS2alpha has one active participant; the count is shown in its row.
    row = page[page.index("OS2alpha") : page.index("</tr>", page.index("OS2alpha"))]
    assert ">1<" in row.replace(" ", "")
    assert "Privat" in row


def test_the_overview_filters_by_stage_program_and_level(world: Any, client: Any) -> None:
    f.ProductFactory(
        program=world.program, name="OS2idé", slug="os2ide", kind="project", stage="idea", level="none"
    )
    client.force_login(world["alice"])
    ideas = text(client.get(reverse("portfolio:overview"), {"stage": "idea"}))
    assert "OS2idé" in ideas and "OS2alpha" not in ideas
    in_program = text(client.get(reverse("portfolio:overview"), {"program": "infrastruktur"}))
    assert "OS2beta" in in_program and "OS2alpha" not in in_program
    searched = text(client.get(reverse("portfolio:overview"), {"q": "alpha"}))
    assert "OS2alpha" in searched and "OS2beta" not in searched


def test_an_htmx_filter_request_gets_only_the_results(world: Any, client: Any) -> None:
    client.force_login(world["alice"])
    response = client.get(reverse("portfolio:overview"), {"stage": "product"}, HTTP_HX_REQUEST="true")
    assert "<html" not in text(response)
    assert "OS2alpha" in text(response)


def test_anonymous_visitors_see_published_products_without_internal_fields(world: Any, client: Any) -> None:
    Product.objects.filter(pk=world.published_product.pk).update(notes="Hemmelig note", cost_element="XG-1")
    overview = text(client.get(reverse("portfolio:overview")))
    assert "OS2gamma" in overview and "OS2alpha" not in overview
    page = text(client.get(world.published_product.get_absolute_url()))
    assert "OS2gamma" in page
    assert "Hemmelig note" not in page and "XG-1" not in page
    assert "Historik" not in page
    assert client.get(world.product.get_absolute_url()).status_code == 404


def test_the_product_page_shows_participants_groups_roles_and_repositories(world: Any, client: Any) -> None:
    Product.objects.filter(pk=world.product.pk).update(
        repository_urls=["https://github.com/OS2offdig/os2alpha"],
        licence="MPL-2.0",
        website="https://os2alpha.example.dk",
    )
    client.force_login(world["carol"])
    page = text(client.get(world.product.get_absolute_url()))
    assert "Testrup Kommune" in page and "01.01.2022" in page  # accession date
    assert "Styregruppen for OS2alpha" in page and "Dave Testsen" in page
    assert "Produktkoordinator" in page and "Carol Testsen" in page
    assert "Leverandørkontakt" in page and "Leverandør ApS" in page
    assert "https://github.com/OS2offdig/os2alpha" in page
    assert "MPL-2.0" in page
    assert "Bob Testsen" in page  # the program's manager


def test_editing_a_product_saves_and_records_who_changed_what(world: Any, client: Any) -> None:
    client.force_login(world["carol"])
    url = reverse("portfolio:product_edit", kwargs={"slug": "os2alpha"})
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        summary="Ny kort beskrivelse",
        repository_urls="https://github.com/OS2offdig/a\nhttps://github.com/OS2offdig/b",
    )
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post(url, data)
    assert response.status_code == 302
    product = Product.objects.get(slug="os2alpha")
    assert product.summary == "Ny kort beskrivelse"
    assert product.repository_urls == ["https://github.com/OS2offdig/a", "https://github.com/OS2offdig/b"]
    assert product.version == 2
    page = text(client.get(product.get_absolute_url()))
    assert "Ny kort beskrivelse" in page
    history = page[page.index("Historik") :]
    assert "Carol Testsen" in history and "Kort beskrivelse" in history and "Ny kort beskrivelse" in history


def test_a_stale_edit_is_refused_and_shows_what_changed_meanwhile(world: Any, client: Any) -> None:
    client.force_login(world["carol"])
    url = reverse("portfolio:product_edit", kwargs={"slug": "os2alpha"})
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    # Bob saves first.
    Product.objects.filter(pk=world.product.pk).update(summary="Bobs version", version=2)
    data.update(summary="Carols version", version="1")
    response = client.post(url, data)
    assert response.status_code == 409
    page = text(response)
    assert "mens du redigerede" in page and "Intet er gemt" in page
    assert "Bobs version" in page  # the value saved meanwhile is shown
    assert Product.objects.get(pk=world.product.pk).summary == "Bobs version"


def test_an_invalid_edit_names_the_field_and_saves_nothing(world: Any, client: Any) -> None:
    client.force_login(world["alice"])
    url = reverse("portfolio:product_edit", kwargs={"slug": "os2alpha"})
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(kind="project", stage="product")
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Et projekt er en idé eller et sandkasseprojekt" in text(response)
    assert Product.objects.get(pk=world.product.pk).kind == "product"


def test_a_program_manager_creates_products_only_in_their_own_programs(world: Any, client: Any) -> None:
    client.force_login(world["bob"])
    form = client.get(reverse("portfolio:product_add")).context["form"]
    assert list(form.fields["program"].queryset) == [world.program]
    response = client.post(
        reverse("portfolio:product_add"),
        {
            "name": "OS2ny",
            "program": world.other_program.pk,
            "kind": "project",
            "stage": "idea",
            "level": "none",
        },
    )
    assert response.status_code == 400
    assert not Product.objects.filter(name="OS2ny").exists()
    response = client.post(
        reverse("portfolio:product_add"),
        {
            "name": "OS2ny",
            "program": world.program.pk,
            "kind": "project",
            "stage": "idea",
            "level": "none",
            "licence": "MPL-2.0",
        },
    )
    assert response.status_code == 302
    created = Product.objects.get(name="OS2ny")
    assert created.slug == "os2ny" and not created.is_published
    assert created.history.get().history_user == world["bob"]


def test_editing_a_product_cannot_change_its_level(world: Any, client: Any) -> None:
    """The level moves only through a decided level-change decision; the form shows it, locked."""
    client.force_login(world["bob"])
    url = reverse("portfolio:product_edit", kwargs={"slug": "os2alpha"})
    form = client.get(url).context["form"]
    assert form.fields["level"].disabled
    assert "beslutning" in str(form.fields["level"].help_text)
    data = {
        name: value for name, value in form.initial.items() if value is not None and name != "repository_urls"
    }
    response = client.post(
        url, {**data, "version": world.product.version, "level": "3", "summary": "Ny beskrivelse"}
    )
    assert response.status_code == 302
    product = Product.objects.get(pk=world.product.pk)
    assert (product.level, product.summary) == ("1", "Ny beskrivelse")


def test_publishing_is_explicit_and_makes_the_product_public(world: Any, client: Any) -> None:
    client.force_login(world["bob"])
    url = reverse("portfolio:product_publish", kwargs={"slug": "os2alpha"})
    assert "Publicér OS2alpha" in text(client.get(url))
    assert client.post(url, {"version": 1}).status_code == 302
    client.logout()
    assert client.get(world.product.get_absolute_url()).status_code == 200
    product = Product.objects.get(pk=world.product.pk)
    assert product.is_published and product.published_at is not None
    assert product.history.first().history_change_reason == "published"


def test_archiving_removes_a_product_from_the_overview_but_keeps_it(world: Any, client: Any) -> None:
    client.force_login(world["alice"])
    client.post(reverse("portfolio:product_archive", kwargs={"slug": "os2alpha"}), {"version": 1})
    assert 'href="/produkter/os2alpha/"' not in text(client.get(reverse("portfolio:overview")))
    assert client.get(world.product.get_absolute_url()).status_code == 200
    assert "Arkiveret" in text(client.get(world.product.get_absolute_url()))


def test_a_stale_publish_is_refused(world: Any, client: Any) -> None:
    client.force_login(world["alice"])
    Product.objects.filter(pk=world.product.pk).update(version=5)
    response = client.post(
        reverse("portfolio:product_publish", kwargs={"slug": "os2alpha"}), {"version": 1}, follow=True
    )
    assert "Nogen har ændret OS2alpha i mellemtiden" in text(response)
    assert not Product.objects.get(pk=world.product.pk).is_published


def test_adding_a_participation_validates_overlaps(world: Any, client: Any) -> None:
    client.force_login(world["carol"])
    url = reverse("portfolio:participation_add", kwargs={"parent": "os2alpha"})
    response = client.post(url, {"organisation": world.municipality.pk, "accession_date": "2023-05-01"})
    assert response.status_code == 400
    assert "deltager allerede i OS2alpha" in text(response)
    other = f.MunicipalityFactory(name="Nyby Kommune")
    response = client.post(url, {"organisation": other.pk, "accession_date": "2023-05-01"})
    assert response.status_code == 302
    assert world.product.participations.filter(
        organisation=other, accession_date=datetime.date(2023, 5, 1)
    ).exists()


def test_person_contact_data_is_private_unless_the_person_is_a_public_contact(
    world: Any, client: Any
) -> None:
    public = f.PersonFactory(first_name="Pia", last_name="Offentlig", email="pia@example.org", is_public=True)
    private = world["dave"].person
    assert "pia@example.org" in text(client.get(public.get_absolute_url()))
    assert client.get(private.get_absolute_url()).status_code == 404
    client.force_login(world["carol"])
    page = text(client.get(private.get_absolute_url()))
    assert "dave@example.org" in page
    assert "Styregruppen for OS2alpha" in page  # the body he sits in


def test_the_organisation_page_derives_the_size_class_from_last_years_population(
    world: Any, client: Any
) -> None:
    from django.utils import timezone

    year = timezone.localdate().year
    f.PopulationFigureFactory(
        organisation=world.municipality, date=datetime.date(year - 1, 1, 1), population=61_000
    )
    f.PopulationFigureFactory(
        organisation=world.municipality, date=datetime.date(year, 1, 1), population=59_000
    )
    page = text(client.get(world.municipality.get_absolute_url()))
    this_year = page[page.index(f"<td>{year}</td>") :]
    assert this_year.index("Stor") < this_year.index(f"<td>{year + 1}</td>")  # 61,000 on 1 Jan last year
    next_year = page[page.index(f"<td>{year + 1}</td>") :]
    assert "Mellem" in next_year.split("</tr>")[0]


def test_a_region_without_population_shows_its_class_set_by_hand_with_the_reason(
    world: Any, client: Any
) -> None:
    region = f.OrganisationFactory(
        name="Region Test",
        kind="region",
        manual_size_class="very_large",
        manual_size_class_reason="Besluttet af bestyrelsen",
    )
    page = text(client.get(region.get_absolute_url()))
    assert "Meget stor" in page and "Besluttet af bestyrelsen" in page


def test_search_finds_programs_products_organisations_and_people_the_user_may_see(
    world: Any, client: Any
) -> None:
    client.force_login(world["alice"])
    page = text(client.get(reverse("core:search"), {"q": "Test"}))
    assert "Testrup Kommune" in page and "Dave Testsen" in page
    client.logout()
    anonymous = text(client.get(reverse("core:search"), {"q": "Testsen"}))
    assert "Dave Testsen" not in anonymous
    assert "OS2alpha" not in text(client.get(reverse("core:search"), {"q": "OS2"}))


def test_markdown_descriptions_are_sanitised(world: Any, client: Any) -> None:
    Product.objects.filter(pk=world.published_product.pk).update(
        description="**Fed** <script>alert(1)</script> [link](javascript:alert(2))"
    )
    page = text(client.get(world.published_product.get_absolute_url()))
    assert "<strong>Fed</strong>" in page
    assert "&lt;script&gt;alert(1)" in page  # shown as text, never run
    assert "<script>alert" not in page
    assert 'href="javascript' not in page


@pytest.mark.parametrize(
    ("url_name", "user"),
    [
        ("portfolio:program_list", "grace"),
        ("portfolio:body_list", "grace"),
        ("portfolio:organisation_list", "mallory"),
        ("portfolio:person_list", "mallory"),
    ],
)
def test_list_pages_show_only_what_the_user_may_see(
    world: Any, client: Any, url_name: str, user: str
) -> None:
    client.force_login(world[user])
    page = text(client.get(reverse(url_name)))
    assert "Velfærd" not in page
    assert "Styregruppen for OS2alpha" not in page
    assert "Dave Testsen" not in page


def test_writers_find_every_person_but_see_contact_data_only_in_their_scope(world: Any, client: Any) -> None:
    client.force_login(world["grace"])
    assert "Dave Testsen" in text(client.get(reverse("portfolio:person_list")))
    page = text(client.get(world["dave"].person.get_absolute_url()))
    assert "Dave Testsen" in page
    assert "dave@example.org" not in page


def test_pages_send_the_security_headers(world: Any, client: Any) -> None:
    response = client.get(reverse("portfolio:overview"))
    assert response["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_participant_count_counts_only_authorities_participating_today(world: Any, client: Any) -> None:
    today = datetime.date.today()
    f.ParticipationFactory(
        product=world.product,
        accession_date=today - datetime.timedelta(days=400),
        exit_date=today - datetime.timedelta(days=1),
    )
    f.ParticipationFactory(product=world.product, accession_date=today + datetime.timedelta(days=30))
    f.ParticipationFactory(product=world.product, accession_date=today)
    client.force_login(world["alice"])
    page = text(client.get(reverse("portfolio:overview")))
    alpha = page[page.index("OS2alpha") : page.index("</tr>", page.index("OS2alpha"))].replace(" ", "")
    beta = page[page.index("OS2beta") : page.index("</tr>", page.index("OS2beta"))].replace(" ", "")
    assert ">2<" in alpha  # the original one and the one joining today
    assert ">0<" in beta
