"""The long lists of a group page: a fixed number of queries whatever their length."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jisr.groups import services
from tests.support.lists import table_rows
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def _queries(client: Any, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize("tab", ["leads", "targets", "timeline", "tasks"])
def test_a_tab_costs_the_same_queries_with_five_or_twenty_rows(
    group: Any, officer: Any, tab: str
) -> None:
    client = logged_in(officer)

    def add(n: int) -> None:
        for i in range(n):
            target = services.target_add(
                acting_user=officer, group=group, names=[f"Personne Fictive {i}"]
            )
            services.lead_add(
                acting_user=officer,
                group=group,
                text=f"Piste {i}",
                target=target,
                source_evaluation="B",
                information_evaluation="2",
            )

    add(5)
    few, _ = _queries(client, f"/groups/{group.id}/?tab={tab}")
    add(15)
    many, page = _queries(client, f"/groups/{group.id}/?tab={tab}")
    assert many == few
    if tab == "leads":
        assert len(table_rows(page, "leads")) == 20
