"""The audit log pages and sorts, keeping its filters, with a flat query count."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from jisr.accounts.roles import Role
from jisr.audit.services import audit_record
from tests.support.lists import pager_links, pager_text, table_rows
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def test_the_log_pages_sorts_by_actor_and_keeps_the_filter(
    make_user: Any, django_assert_max_num_queries: Any
) -> None:
    dpo = make_user("ma.dpo", [Role.DPO])
    for i in range(60):
        audit_record(f"FR-{i:02d}", "alert.view", justification="list test")
    client = logged_in(dpo)
    with django_assert_max_num_queries(25):
        html = client.get(
            reverse("audit:log"), {"action": "alert.view", "sort": "-actor"}
        ).content.decode()
    rows = table_rows(html, "audit-table")
    assert len(rows) == 50 and "FR-59" in rows[0] and "FR-10" in rows[-1]
    assert "60 rows" in pager_text(html)
    assert pager_links(html)["next"] == "?action=alert.view&sort=-actor&page=2"
