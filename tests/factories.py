"""factory_boy factories for the portfolio. Every person here is fictitious."""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from programkontor.accounts.models import User
from programkontor.portfolio.models import (
    Body,
    BodyKind,
    Membership,
    Organisation,
    OrganisationKind,
    Participation,
    Person,
    PopulationFigure,
    Product,
    Program,
    Role,
    RoleAssignment,
)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct horse battery")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = OrganisationKind.PARTNER
    is_published = True


class MunicipalityFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Testrup {n} Kommune")
    slug = factory.Sequence(lambda n: f"testrup-{n}")
    kind = OrganisationKind.MUNICIPALITY
    municipality_code = factory.Sequence(lambda n: f"{(n % 899) + 100:03d}")
    is_member = True


class SupplierFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Leverandør {n} ApS")
    slug = factory.Sequence(lambda n: f"leverandoer-{n}")
    kind = OrganisationKind.SUPPLIER
    cvr = factory.Sequence(lambda n: f"{10000000 + n}")


class PopulationFigureFactory(DjangoModelFactory):
    class Meta:
        model = PopulationFigure

    organisation = factory.SubFactory(MunicipalityFactory)
    date = datetime.date(2020, 1, 1)
    population = 50_000


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Fornavn{n}")
    last_name = factory.Sequence(lambda n: f"Efternavn{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    phone = "+45 12 34 56 78"


class ProgramFactory(DjangoModelFactory):
    class Meta:
        model = Program

    name = factory.Sequence(lambda n: f"Program {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    summary = "Et testprogram"


class ProductFactory(DjangoModelFactory):
    class Meta:
        model = Product

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"OS2test{n}")
    slug = factory.Sequence(lambda n: f"os2test{n}")
    kind = "product"
    stage = "product"
    level = "1"
    summary = "Et testprodukt"


class ParticipationFactory(DjangoModelFactory):
    class Meta:
        model = Participation

    product = factory.SubFactory(ProductFactory)
    organisation = factory.SubFactory(MunicipalityFactory)
    accession_date = datetime.date(2022, 1, 1)


class BodyFactory(DjangoModelFactory):
    class Meta:
        model = Body

    kind = BodyKind.STEERING
    name = factory.Sequence(lambda n: f"Styregruppe {n}")
    product = factory.SubFactory(ProductFactory)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    body = factory.SubFactory(BodyFactory)
    person = factory.SubFactory(PersonFactory)
    role = "member"


class RoleAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    person = factory.SubFactory(PersonFactory)
    role = Role.PRODUCT_COORDINATOR
    product = factory.SubFactory(ProductFactory)
