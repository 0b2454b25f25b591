"""Logging in needs password and TOTP; failures are logged and lock the account out."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from jisr.accounts.roles import Role
from jisr.audit.models import AuditEntry
from jisr.core import clock

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def current_code(user) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def post_login(client: Client, username: str, password: str, code: str):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password, "otp_token": code}
    )


def test_password_and_current_code_log_the_user_in_and_the_login_is_audited(make_user) -> None:
    user = make_user("ma.officer", [Role.LIAISON_OFFICER])
    client = Client()
    response = post_login(client, "ma.officer", PASSWORD, current_code(user))
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    assert AuditEntry.objects.filter(action="auth.login", actor_username="ma.officer").exists()


def test_the_right_password_without_the_right_code_is_refused(make_user) -> None:
    user = make_user("ma.officer", [Role.LIAISON_OFFICER])
    wrong = f"{(int(current_code(user)) + 1) % 1_000_000:06d}"
    client = Client()
    response = post_login(client, "ma.officer", PASSWORD, wrong)
    assert response.status_code == 200
    assert "not right" in response.content.decode()
    assert client.get(reverse("core:home")).status_code == 302
    failed = AuditEntry.objects.get(action="auth.login_failed")
    assert failed.actor_username == "ma.officer"
    assert failed.extra["reason"] == "totp"


def test_a_malformed_code_gets_a_field_error_and_counts_as_a_failure(make_user) -> None:
    make_user("ma.officer")
    response = post_login(Client(), "ma.officer", PASSWORD, "12ab")
    assert "6-digit code" in response.content.decode()
    assert AuditEntry.objects.filter(action="auth.login_failed").count() == 1


def test_five_failures_lock_the_account_even_with_the_right_credentials(make_user) -> None:
    user = make_user("ma.officer")
    client = Client()
    for _ in range(5):
        post_login(client, "ma.officer", "wrong password!!", "000000")
    response = post_login(client, "ma.officer", PASSWORD, current_code(user))
    assert response.status_code == 429
    assert client.get(reverse("core:home")).status_code == 302


def test_errors_are_translated_into_the_nodes_language(make_user, settings) -> None:
    make_user("ma.officer")
    response = Client().post(
        reverse("accounts:login"),
        {"username": "ma.officer", "password": "x", "otp_token": "1"},
        HTTP_COOKIE="jisr_language=fr",
    )
    assert "Saisissez le code à 6 chiffres" in response.content.decode()


def test_a_session_ends_twelve_hours_after_login_however_active(make_user, clock_offset) -> None:
    user = make_user("ma.officer")
    client = Client()
    post_login(client, "ma.officer", PASSWORD, current_code(user))
    assert client.get(reverse("core:home")).status_code == 200
    clock_offset(12 * 3600 + 60)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 302


def _session_row(client: Client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def test_a_session_idle_for_thirty_minutes_ends(make_user) -> None:
    user = make_user("ma.officer")
    client = Client()
    post_login(client, "ma.officer", PASSWORD, current_code(user))
    row = _session_row(client)
    left = row.expire_date - timezone.now()
    assert dt.timedelta(minutes=29) < left <= dt.timedelta(minutes=30)
    # Thirty minutes without a request: the stored session has expired.
    Session.objects.filter(pk=row.pk).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_working_renews_the_idle_expiry_at_most_once_a_minute(make_user, clock_offset) -> None:
    user = make_user("ma.officer")
    client = Client()
    post_login(client, "ma.officer", PASSWORD, current_code(user))
    assert client.get(reverse("core:home")).status_code == 200
    # Ten minutes before its idle end, the user opens pages again within the minute:
    # the session row is not rewritten by each of them.
    soon = timezone.now() + dt.timedelta(minutes=10)
    Session.objects.filter(pk=_session_row(client).pk).update(expire_date=soon)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("core:home")).status_code == 200
    assert not [
        q
        for q in queries.captured_queries
        if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith("UPDATE")
    ]
    assert _session_row(client).expire_date == soon
    # A minute later, the next request pushes the idle end back to thirty minutes.
    clock_offset(61)
    assert client.get(reverse("core:home")).status_code == 200
    left = _session_row(client).expire_date - timezone.now()
    assert dt.timedelta(minutes=29) < left <= dt.timedelta(minutes=30)


def test_a_disabled_user_is_logged_out_at_the_next_request(make_user) -> None:
    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    officer_client = Client()
    post_login(officer_client, "ma.officer", PASSWORD, current_code(officer))
    assert officer_client.get(reverse("core:home")).status_code == 200

    admin_client = Client()
    admin_client.force_login(admin)
    session = admin_client.session
    session["jisr_login_at"] = clock.now().timestamp()
    session.save()
    response = admin_client.post(
        reverse("accounts:user_set_active", args=[officer.pk]),
        {"active": "0", "reason": "left the unit"},
    )
    assert response.status_code == 302
    assert officer_client.get(reverse("core:home")).status_code == 302
    entry = AuditEntry.objects.get(action="user.disable")
    assert (entry.actor_username, entry.target_id, entry.justification) == (
        "ma.admin",
        str(officer.pk),
        "left the unit",
    )


def test_disabling_without_a_reason_changes_nothing(make_user) -> None:
    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    client = Client()
    client.force_login(admin)
    session = client.session
    session["jisr_login_at"] = clock.now().timestamp()
    session.save()
    response = client.post(
        reverse("accounts:user_set_active", args=[officer.pk]), {"active": "0", "reason": ""}
    )
    assert response.status_code == 422
    officer.refresh_from_db()
    assert officer.is_active


def test_an_officer_cannot_open_user_administration(make_user) -> None:
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    client = Client()
    client.force_login(officer)
    session = client.session
    session["jisr_login_at"] = clock.now().timestamp()
    session.save()
    assert client.get(reverse("accounts:user_list")).status_code == 403
