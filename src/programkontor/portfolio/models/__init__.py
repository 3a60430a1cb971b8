"""The portfolio: organisations, people, programs, products and the bodies and roles around them."""

from programkontor.portfolio.models.bodies import PRODUCT_BODIES, Body, BodyKind, Membership, MembershipRole
from programkontor.portfolio.models.login_roles import LoginGrant, LoginRoleGrantRecord, LoginRoleRule
from programkontor.portfolio.models.organisations import (
    Organisation,
    OrganisationKind,
    PopulationFigure,
    SizeClassRule,
)
from programkontor.portfolio.models.people import Person
from programkontor.portfolio.models.programs import (
    Participation,
    Product,
    ProductKind,
    ProductLevel,
    ProductStage,
    Program,
)
from programkontor.portfolio.models.roles import Role, RoleAssignment

__all__ = [
    "PRODUCT_BODIES",
    "Body",
    "BodyKind",
    "LoginGrant",
    "LoginRoleGrantRecord",
    "LoginRoleRule",
    "Membership",
    "MembershipRole",
    "Organisation",
    "OrganisationKind",
    "Participation",
    "Person",
    "PopulationFigure",
    "Product",
    "ProductKind",
    "ProductLevel",
    "ProductStage",
    "Program",
    "Role",
    "RoleAssignment",
    "SizeClassRule",
]
