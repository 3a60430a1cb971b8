from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from tests.core.test_for_me import grow
import pytest

@pytest.mark.parametrize("who", ["alice", "bob", "dave"])
def test_q(world, who):
    grow(world, 0, 3)
    c = APIClient(); c.force_login(world[who])
    c.get("/")
    with CaptureQueriesContext(connection) as ctx:
        r = c.get("/")
    with open(f"/tmp/s24/q_{who}.txt", "w") as f:
        for q in ctx.captured_queries:
            f.write(q["sql"][:400] + "\n\n")
    print(who, len(ctx.captured_queries))
