"""Who reads and who writes: the types of users and actors the gate and the services take.

``AnyUser`` is what a request carries (a signed-in user or an anonymous one); an ``Actor`` is who
does a write — a user, or ``None`` for the system itself (the demo, migrations, an import run
without ``--user``). Import them for annotations only::

    if TYPE_CHECKING:
        from programkontor.core.actors import Actor
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

AnyUser: TypeAlias = AbstractBaseUser | AnonymousUser
Actor: TypeAlias = AnyUser | None
