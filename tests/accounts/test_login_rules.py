"""The secretariat's rules from an identity provider's groups to roles: what a rule must name, and the
admin pages where the secretariat keeps them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from programkontor.portfolio.models import LoginRoleRule
from tests import factories as f


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"grants": "program_manager"}, "program"),
        ({"grants": "product_coordinator", "program": True}, "product"),
        ({"grants": "membership"}, "body"),
        ({"grants": "secretariat", "product": True}, "product"),
        ({"grants": "supplier_contact", "product": True}, "organisation"),
    ],
)
def test_a_rule_names_exactly_the_target_its_role_needs(
    db: Any, fields: dict[str, Any], error_field: str
) -> None:
    product = f.ProductFactory()
    values = {
        "group": "pk-gruppe",
        "grants": fields["grants"],
        "program": product.program if fields.get("program") else None,
        "product": product if fields.get("product") else None,
    }
    with pytest.raises(ValidationError) as raised:
        LoginRoleRule(**values).full_clean()
    assert error_field in raised.value.message_dict


def test_a_complete_rule_is_valid(db: Any) -> None:
    rule = LoginRoleRule(
        provider=" KK ", group=" pk-koordinator ", grants="product_coordinator", product=f.ProductFactory()
    )
    rule.full_clean()
    assert (rule.provider, rule.group) == ("kk", "pk-koordinator")


def test_only_the_secretariat_keeps_the_rules_in_the_admin(db: Any) -> None:
    LoginRoleRule.objects.create(group="pk-sekretariat", grants="secretariat")
    url = reverse("admin:portfolio_loginrolerule_changelist")
    secretary, member = Client(), Client()
    secretary.force_login(f.UserFactory(username="sekr", is_secretariat=True))
    member.force_login(f.UserFactory(username="medlem"))

    assert secretary.get(url).status_code == 200
    assert "pk-sekretariat" in secretary.get(url).content.decode()
    assert secretary.get(reverse("admin:portfolio_loginrolerule_add")).status_code == 200
    assert member.get(url).status_code == 302
