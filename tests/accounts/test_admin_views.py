"""The administrator's user pages and the new user's first login, through the web client."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from jisr.accounts import admin_services
from jisr.accounts.models import User
from jisr.accounts.roles import Role
from jisr.audit.models import AuditEntry
from tests.accounts.test_admin_services import TEMPORARY, lock
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "My-Own-Secret-9142"


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def admin(make_user: Any) -> User:
    return make_user("ma.admin", [Role.ADMINISTRATOR])


def text(response: Any) -> str:
    """The page's visible text, tags dropped and spaces collapsed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def test_an_administrator_creates_a_user_and_sees_them_in_the_list(admin: User) -> None:
    client = logged_in(admin)
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "ma.newofficer",
            "first_name": "Yassine",
            "last_name": "Amrani-Test",
            "email": "ma.newofficer@example.org",
            "roles": ["liaison_officer"],
            "temporary_password": TEMPORARY,
        },
        follow=True,
    )
    page = text(response)
    assert "User ma.newofficer is created" in page
    assert "temporary: the user changes it at the next login" in page
    assert "not set up yet" in page
    listing = text(client.get(reverse("accounts:user_list")))
    assert "ma.newofficer Yassine Amrani-Test Liaison officer not set up yet active" in listing


def test_a_taken_username_is_shown_on_the_form_in_french(admin: User) -> None:
    client = logged_in(admin)
    client.cookies["jisr_language"] = "fr"
    response = client.post(
        reverse("accounts:user_create"),
        {"username": "ma.admin", "roles": ["analyst"], "temporary_password": TEMPORARY},
    )
    assert response.status_code == 422
    assert "Ce nom d'utilisateur est déjà pris." in text(response)
    assert "Rôles" in text(response)
    assert User.objects.filter(username="ma.admin").count() == 1


def test_a_locked_account_shows_as_locked_and_the_administrator_unlocks_it(
    admin: User, make_user: Any
) -> None:
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    lock("ma.officer")
    client = logged_in(admin)
    assert "ma.officer locked" not in text(client.get(reverse("accounts:user_list")))
    assert "Liaison officer set up locked" in text(client.get(reverse("accounts:user_list")))
    detail = text(client.get(reverse("accounts:user_detail", args=[officer.pk])))
    assert "locked 5 failed logins" in detail
    response = client.post(
        reverse("accounts:user_unlock", args=[officer.pk]),
        {"unlock-reason": "confirmed by phone"},
        follow=True,
    )
    page = text(response)
    assert "The account is unlocked; the user can log in again." in page
    assert "Unlock the account" not in page
    assert AuditEntry.objects.get(action="user.unlock").justification == "confirmed by phone"


def test_the_one_time_link_is_shown_once_and_lets_the_user_choose_a_password(
    admin: User, make_user: Any
) -> None:
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    client = logged_in(admin)
    response = client.post(
        reverse("accounts:user_password", args=[officer.pk]),
        {"password-method": "link", "password-reason": "forgot it"},
    )
    assert response.status_code == 200
    match = re.search(r"http://testserver(/accounts/reset/[^<\s]+)", response.content.decode())
    assert match is not None
    link = match.group(1)
    assert link not in str(AuditEntry.objects.get(action="user.password_reset").extra)
    anonymous = Client()
    form = anonymous.get(link)
    assert "Choose your password" in text(form)
    done = anonymous.post(link, {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    again = anonymous.get(link)
    assert again.status_code == 404
    assert "This link was already used" in text(again)


def test_an_officer_gets_403_on_every_admin_page(make_user: Any) -> None:
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    other = make_user("ma.other", [Role.ANALYST])
    lock("ma.other")
    client = logged_in(officer)
    assert client.get(reverse("accounts:user_create")).status_code == 403
    assert client.get(reverse("accounts:node_settings")).status_code == 403
    response = client.post(reverse("accounts:user_unlock", args=[other.pk]), {"unlock-reason": "x"})
    assert response.status_code == 403
    assert attempts_of("ma.other") == 1


def attempts_of(username: str) -> int:
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(username=username).count()


def post_login(client: Client, username: str, password: str, code: str = "") -> Any:
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password, "otp_token": code},
    )


def test_a_new_user_enrols_with_a_qr_code_then_chooses_a_password(admin: User) -> None:
    user = admin_services.user_admin_create(
        acting_user=admin,
        username="ma.newofficer",
        first_name="",
        last_name="",
        email="",
        roles=["analyst"],
        temporary_password=TEMPORARY,
    )
    client = Client()
    response = post_login(client, "ma.newofficer", TEMPORARY)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:totp_enrol")
    assert client.get(reverse("core:home")).status_code == 302  # not logged in yet
    page = client.get(reverse("accounts:totp_enrol"))
    body = page.content.decode()
    assert re.search(r"<svg[^>]*>", body), "the QR code is an inline SVG element"
    assert "data:" not in body and "<script>" not in body.split("</head>")[1]
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', body)
    assert secret is not None
    import base64

    typed = secret.group(1).replace(" ", "")
    assert base64.b32decode(typed + "=" * (-len(typed) % 8)) == device.bin_key
    confirmed = client.post(reverse("accounts:totp_enrol"), {"otp_token": code_for(device)})
    assert confirmed["Location"] == reverse("accounts:password_change")
    assert client.get(reverse("core:home")).status_code == 302
    mismatch = client.post(
        reverse("accounts:password_change"),
        {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"},
    )
    assert "The two passwords differ." in text(mismatch)
    done = client.post(
        reverse("accounts:password_change"), {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD) and not user.must_change_password
    assert TOTPDevice.objects.get(user=user).confirmed is True
    actions = list(
        AuditEntry.objects.filter(target_id=str(user.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions[-3:] == ["user.totp_enrol", "user.password_change", "auth.login"]


def test_an_enrolled_user_cannot_skip_the_code(make_user: Any) -> None:
    make_user("ma.officer", [Role.LIAISON_OFFICER])
    client = Client()
    response = post_login(client, "ma.officer", "correct horse battery", "")
    assert response.status_code == 200
    assert "not right" in text(response)
    assert client.get(reverse("accounts:totp_enrol")).status_code == 302
    assert client.get(reverse("core:home")).status_code == 302


def test_a_wrong_password_never_reaches_enrolment(admin: User) -> None:
    admin_services.user_admin_create(
        acting_user=admin,
        username="ma.newofficer",
        first_name="",
        last_name="",
        email="",
        roles=["analyst"],
        temporary_password=TEMPORARY,
    )
    client = Client()
    response = post_login(client, "ma.newofficer", "not-the-password")
    assert response.status_code == 200
    assert client.get(reverse("accounts:totp_enrol"))["Location"].startswith("/accounts/login/")


def test_node_settings_page_changes_the_hit_deadline_and_refuses_out_of_bounds(
    admin: User,
) -> None:
    from jisr.core.node_settings import node_setting
    from jisr.wanted.reference import hit_deadline_hours

    client = logged_in(admin)
    page = text(client.get(reverse("accounts:node_settings")))
    assert "Hit answer deadline (hours) Hours the alert's owner" in page
    refused = client.post(
        reverse("accounts:node_settings"), {"name": "hit_deadline_hours", "value": "500"}
    )
    assert refused.status_code == 422
    assert "Enter a number between 1 and 168." in text(refused)
    assert hit_deadline_hours() == 12
    client.post(
        reverse("accounts:node_settings"),
        {"name": "hit_deadline_hours", "value": "6,5", "reason": "pilot"},
    )
    assert hit_deadline_hours() == 6.5
    row = text(client.get(reverse("accounts:node_settings")))
    assert "JISR_HIT_DEADLINE_HOURS 6.5 changed here 12 " in row
    entry = AuditEntry.objects.get(action="node.setting_set")
    assert entry.extra == {"old": 12.0, "new": 6.5, "environment_default": 12.0}
    client.post(reverse("accounts:node_settings"), {"name": "hit_deadline_hours", "reset": "1"})
    assert node_setting("hit_deadline_hours") == 12


def test_the_default_language_setting_decides_the_page_language(admin: User) -> None:
    client = logged_in(admin)
    client.post(reverse("accounts:node_settings"), {"name": "default_language", "value": "fr"})
    response = Client().get(reverse("accounts:login"))
    assert '<html lang="fr"' in response.content.decode()


def test_roles_are_changed_from_the_user_page_and_shown(admin: User, make_user: Any) -> None:
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    client = logged_in(admin)
    page = client.get(reverse("accounts:user_detail", args=[officer.pk])).content.decode()
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "every form field on the page has its own id"
    response = client.post(
        reverse("accounts:user_roles", args=[officer.pk]),
        {"roles-roles": ["analyst", "supervisor"], "roles-reason": "new unit"},
        follow=True,
    )
    assert "The roles are saved." in text(response)
    assert "Roles Analyst Supervisor Status" in text(response)
    missing = client.post(reverse("accounts:user_roles", args=[officer.pk]), {"roles-reason": "x"})
    assert missing.status_code == 422
    officer.refresh_from_db()
    assert officer.role_names == ["analyst", "supervisor"]
