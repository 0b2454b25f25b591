"""The shell: home page, navigation without dead links, node language, health."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from jisr.accounts.roles import Role
from jisr.core.registry import nav_items
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def test_the_home_page_needs_a_login() -> None:
    response = Client().get(reverse("core:home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_every_navigation_link_a_user_sees_opens(make_user) -> None:
    every_role = make_user("ma.all", list(Role))
    client = logged_in(every_role)
    home = client.get(reverse("core:home"))
    links = [item["url"] for item in home.context["jisr_nav"]]
    assert len(links) == len(nav_items())
    for url in links:
        assert client.get(url).status_code == 200, url


def test_the_navigation_shows_only_what_the_role_may_use(make_user) -> None:
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    nav = logged_in(officer).get(reverse("core:home")).context["jisr_nav"]
    urls = {item["url"] for item in nav}
    assert reverse("audit:log") not in urls
    assert reverse("accounts:user_list") not in urls


def test_the_node_language_wins_over_the_browser_until_the_user_chooses(
    make_user, settings
) -> None:
    settings.LANGUAGE_CODE = "ar"
    client = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="fr" dir="ltr">' in page
    assert "Se connecter" in page


def test_the_statistics_page_shows_the_agencys_figures(make_user) -> None:
    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    make_user("ma.officer", [Role.LIAISON_OFFICER])
    response = logged_in(admin).get(reverse("core:statistics"))
    figures = {str(f.label): f.value for f in response.context["figures"]}
    assert figures["Users"] == 2


def test_the_home_page_lists_the_users_recent_activity_and_no_counters(make_user) -> None:
    from jisr.audit.actions import AuditAction
    from jisr.audit.services import audit_record

    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    audit_record(admin, AuditAction.USER_TIME_ZONE)
    response = logged_in(admin).get(reverse("core:home"))
    assert "figures" not in response.context
    sections = {s.key: s for s in response.context["sections"]}
    assert [row.text for row in sections["activity"].rows] == ["Signed in", "Time zone changed"]
    assert "Time zone changed" in response.content.decode()


def test_health_answers_without_login() -> None:
    assert Client().get(reverse("core:health")).json() == {"status": "ok"}
