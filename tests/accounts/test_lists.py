"""The administrator's user list pages and sorts."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from jisr.accounts.roles import Role
from tests.support.lists import pager_text, table_rows
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def test_the_user_list_pages_with_a_flat_query_count(
    make_user: Any, django_assert_max_num_queries: Any
) -> None:
    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    for i in range(54):
        make_user(f"ma.user{i:02d}", [Role.ANALYST, Role.LIAISON_OFFICER])
    make_user("fr.other", [Role.ANALYST], agency="FR-DGPN")
    client = logged_in(admin)
    with django_assert_max_num_queries(18):
        html = client.get(reverse("accounts:user_list"), {"sort": "-username"}).content.decode()
    rows = table_rows(html, "users")
    assert len(rows) == 50 and rows[0].startswith("ma.user53")
    assert "55 rows" in pager_text(html)  # the administrator and 54 colleagues, not FR's user
