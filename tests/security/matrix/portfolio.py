"""Rows for the portfolio: programs, products, organisations, people, bodies and what ties them."""

from __future__ import annotations

from typing import Any

from programkontor.portfolio.models import Membership, Participation, RoleAssignment
from tests.security.matrix import (
    APPOINT_PM,
    EDIT_BODY,
    EDIT_PERSON,
    EDIT_PRODUCT,
    EDIT_PROGRAM,
    EDIT_ROLE,
    PROGRAM_WRITERS,
    READ_BODY,
    READ_PERSON,
    READ_PRODUCT,
    READ_PROGRAM,
    SECRETARIAT_ONLY,
    WRITERS,
    Row,
    everyone,
    pk_of,
)


def product(w: Any) -> dict[str, Any]:
    return {"slug": w.product.slug}


def program(w: Any) -> dict[str, Any]:
    return {"slug": w.program.slug}


def participation(w: Any) -> dict[str, Any]:
    return {"pk": Participation.objects.get(product=w.product).pk}


def coordinator_role(w: Any) -> dict[str, Any]:
    return {"pk": RoleAssignment.objects.get(person__user=w["carol"]).pk}


def membership(w: Any) -> dict[str, Any]:
    return {"pk": Membership.objects.get(person__user=w["dave"]).pk}


def dave(w: Any) -> dict[str, Any]:
    return {"pk": w["dave"].person.pk}


WEB: dict[str, Row] = {
    "portfolio:overview": Row(outcomes=everyone("ok")),
    "portfolio:program_list": Row(outcomes=everyone("ok")),
    "portfolio:program_add": Row(outcomes=SECRETARIAT_ONLY),
    "portfolio:program_detail": Row(program, READ_PROGRAM),
    "portfolio:program_edit": Row(program, EDIT_PROGRAM),
    "portfolio:program_archive": Row(program, EDIT_PROGRAM),
    "portfolio:program_publish": Row(program, EDIT_PROGRAM),
    "portfolio:program_role_add": Row(lambda w: {"parent": w.program.slug}, APPOINT_PM),
    "portfolio:product_add": Row(outcomes=PROGRAM_WRITERS),
    "portfolio:product_detail": Row(product, READ_PRODUCT),
    "portfolio:product_publiccode": Row(product, READ_PRODUCT),
    "portfolio:product_publiccode_import": Row(product, EDIT_PRODUCT),
    "portfolio:product_edit": Row(product, EDIT_PRODUCT),
    "portfolio:product_archive": Row(product, EDIT_PRODUCT),
    "portfolio:product_publish": Row(product, EDIT_PRODUCT),
    "portfolio:participation_add": Row(lambda w: {"parent": w.product.slug}, EDIT_PRODUCT),
    "portfolio:product_role_add": Row(lambda w: {"parent": w.product.slug}, EDIT_PRODUCT),
    "portfolio:participation_edit": Row(participation, EDIT_PRODUCT),
    "portfolio:participation_delete": Row(participation, EDIT_PRODUCT),
    "portfolio:role_edit": Row(coordinator_role, EDIT_ROLE),
    "portfolio:role_delete": Row(coordinator_role, EDIT_ROLE),
    "portfolio:organisation_list": Row(outcomes=everyone("ok")),
    "portfolio:organisation_add": Row(outcomes=SECRETARIAT_ONLY),
    "portfolio:population_import": Row(outcomes=SECRETARIAT_ONLY),
    "portfolio:organisation_detail": Row(lambda w: {"slug": w.municipality.slug}, everyone("ok")),
    "portfolio:organisation_edit": Row(lambda w: {"slug": w.municipality.slug}, SECRETARIAT_ONLY),
    "portfolio:organisation_archive": Row(lambda w: {"slug": w.municipality.slug}, SECRETARIAT_ONLY),
    "portfolio:organisation_publish": Row(lambda w: {"slug": w.municipality.slug}, SECRETARIAT_ONLY),
    "portfolio:person_list": Row(outcomes=everyone("ok")),
    "portfolio:person_add": Row(outcomes=WRITERS),
    "portfolio:person_detail": Row(dave, READ_PERSON),
    "portfolio:person_edit": Row(dave, EDIT_PERSON),
    "portfolio:person_archive": Row(dave, EDIT_PERSON),
    "portfolio:body_list": Row(outcomes=everyone("ok")),
    "portfolio:body_add": Row(outcomes=WRITERS),
    "portfolio:body_detail": Row(lambda w: {"pk": w.steering.pk}, READ_BODY),
    "portfolio:body_edit": Row(lambda w: {"pk": w.steering.pk}, EDIT_BODY),
    "portfolio:body_archive": Row(lambda w: {"pk": w.steering.pk}, EDIT_BODY),
    "portfolio:body_publish": Row(lambda w: {"pk": w.steering.pk}, EDIT_BODY),
    "portfolio:membership_add": Row(lambda w: {"parent": w.steering.pk}, EDIT_BODY),
    "portfolio:membership_edit": Row(membership, EDIT_BODY),
    "portfolio:membership_delete": Row(membership, EDIT_BODY),
}

READ_ALL = everyone("ok")
API_ANON = "A:login"
API: dict[tuple[str, str], Row] = {
    # Programs: only the secretariat creates; the program manager edits their own.
    ("api:program-list", "get"): Row(outcomes=READ_ALL, api=True),
    ("api:program-list", "post"): Row(
        outcomes=SECRETARIAT_ONLY.replace("A:login", API_ANON),
        api=True,
        data=lambda w: {"name": "Nyt program"},
    ),
    ("api:program-detail", "get"): Row(pk_of(lambda w: w.program), READ_PROGRAM, api=True),
    ("api:program-detail", "patch"): Row(
        pk_of(lambda w: w.program), EDIT_PROGRAM, api=True, data=lambda w: {"summary": "Ny"}
    ),
    ("api:program-detail", "delete"): Row(pk_of(lambda w: w.program), EDIT_PROGRAM, api=True),
    # Products: the program's writers create in their program; others' programs are invalid.
    ("api:product-list", "get"): Row(outcomes=READ_ALL, api=True),
    ("api:product-list", "post"): Row(
        outcomes="A:login S:ok B:ok G:invalid C:denied D:denied E:denied F:denied M:denied",
        api=True,
        data=lambda w: {
            "name": "OS2ny",
            "program": w.program.pk,
            "kind": "project",
            "stage": "idea",
            "level": "none",
        },
    ),
    ("api:product-detail", "get"): Row(pk_of(lambda w: w.product), READ_PRODUCT, api=True),
    ("api:product-detail", "patch"): Row(
        pk_of(lambda w: w.product), EDIT_PRODUCT, api=True, data=lambda w: {"summary": "Ny"}
    ),
    ("api:product-detail", "delete"): Row(pk_of(lambda w: w.product), EDIT_PRODUCT, api=True),
    # Organisations: master data of the secretariat; the test municipality is published.
    ("api:organisation-list", "get"): Row(outcomes=READ_ALL, api=True),
    ("api:organisation-list", "post"): Row(
        outcomes=SECRETARIAT_ONLY, api=True, data=lambda w: {"name": "Ny partner", "kind": "partner"}
    ),
    ("api:organisation-detail", "get"): Row(pk_of(lambda w: w.municipality), READ_ALL, api=True),
    ("api:organisation-detail", "patch"): Row(
        pk_of(lambda w: w.municipality), SECRETARIAT_ONLY, api=True, data=lambda w: {"phone": "12345678"}
    ),
    ("api:organisation-detail", "delete"): Row(pk_of(lambda w: w.municipality), SECRETARIAT_ONLY, api=True),
    # People
    ("api:person-list", "get"): Row(outcomes=READ_ALL, api=True),
    ("api:person-list", "post"): Row(
        outcomes=WRITERS, api=True, data=lambda w: {"first_name": "Ny", "last_name": "Person"}
    ),
    ("api:person-detail", "get"): Row(pk_of(lambda w: w["dave"].person), READ_PERSON, api=True),
    ("api:person-detail", "patch"): Row(
        pk_of(lambda w: w["dave"].person), EDIT_PERSON, api=True, data=lambda w: {"phone": "12345678"}
    ),
    ("api:person-detail", "delete"): Row(pk_of(lambda w: w["dave"].person), EDIT_PERSON, api=True),
    # Bodies: created under a product the user may change.
    ("api:body-list", "get"): Row(outcomes=READ_ALL, api=True),
    ("api:body-list", "post"): Row(
        outcomes="A:login S:ok B:ok G:invalid C:ok D:denied E:denied F:denied M:denied",
        api=True,
        data=lambda w: {"kind": "interest", "name": "Faggruppe", "product": w.product.pk},
    ),
    ("api:body-detail", "get"): Row(pk_of(lambda w: w.steering), READ_BODY, api=True),
    ("api:body-detail", "patch"): Row(
        pk_of(lambda w: w.steering), EDIT_BODY, api=True, data=lambda w: {"description": "Ny"}
    ),
    ("api:body-detail", "delete"): Row(pk_of(lambda w: w.steering), EDIT_BODY, api=True),
    # Participations of the private product
    ("api:participation-list", "get"): Row(outcomes=READ_ALL, api=True),
    ("api:participation-list", "post"): Row(
        outcomes="A:login S:ok B:ok G:invalid C:ok D:denied E:denied F:denied M:denied",
        api=True,
        data=lambda w: {
            "product": w.product.pk,
            "organisation": w.supplier.pk,
            "accession_date": "2024-01-01",
        },
    ),
    ("api:participation-detail", "get"): Row(participation, READ_PRODUCT, api=True),
    ("api:participation-detail", "patch"): Row(
        participation, EDIT_PRODUCT, api=True, data=lambda w: {"notes": "Ny"}
    ),
    ("api:participation-detail", "delete"): Row(participation, EDIT_PRODUCT, api=True),
    # Memberships of the steering group
    ("api:membership-list", "get"): Row(outcomes=READ_ALL, api=True),
    ("api:membership-list", "post"): Row(
        outcomes="A:login S:ok B:ok G:invalid C:ok D:denied E:denied F:denied M:denied",
        api=True,
        data=lambda w: {"body": w.steering.pk, "person": w["carol"].person.pk, "role": "member"},
    ),
    ("api:membership-detail", "get"): Row(membership, READ_BODY, api=True),
    ("api:membership-detail", "patch"): Row(
        membership, EDIT_BODY, api=True, data=lambda w: {"role": "chair"}
    ),
    ("api:membership-detail", "delete"): Row(membership, EDIT_BODY, api=True),
    # Role assignments on the product
    ("api:roleassignment-list", "get"): Row(outcomes=READ_ALL, api=True),
    ("api:roleassignment-list", "post"): Row(
        outcomes="A:login S:ok B:ok G:invalid C:ok D:denied E:denied F:denied M:denied",
        api=True,
        data=lambda w: {"person": w["dave"].person.pk, "role": "product_owner", "product": w.product.pk},
    ),
    ("api:roleassignment-detail", "get"): Row(coordinator_role, READ_PRODUCT, api=True),
    ("api:roleassignment-detail", "patch"): Row(
        coordinator_role, EDIT_ROLE, api=True, data=lambda w: {"start_date": "2024-01-01"}
    ),
    ("api:roleassignment-detail", "delete"): Row(coordinator_role, EDIT_ROLE, api=True),
}
