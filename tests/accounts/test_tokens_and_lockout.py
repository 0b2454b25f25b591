"""API tokens expire, can be scoped and revoked, stop while the account is locked; lockout is fair."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from jisr.accounts import services
from jisr.accounts.models import ApiToken
from jisr.accounts.roles import Role
from jisr.audit.models import AuditEntry
from jisr.core import clock
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def _get(raw: str, path: str = "/api/v1/reference/offence-categories") -> int:
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code


def _fail_logins(client: Client, username: str, times: int) -> None:
    for _ in range(times):
        client.post(
            reverse("accounts:login"),
            {"username": username, "password": "wrong password!!", "otp_token": "000000"},
        )


def test_a_token_expires_after_90_days_by_default(make_user: Any) -> None:
    user = make_user("ma.officer", [Role.LIAISON_OFFICER])
    raw = services.token_create(acting_user="cli", user=user)
    token = ApiToken.objects.get()
    assert (token.expires_at - token.created_at).days == 90
    assert _get(raw) == 200
    ApiToken.objects.update(expires_at=clock.now() - dt.timedelta(seconds=1))
    assert _get(raw) == 401


def test_the_last_use_is_recorded(make_user: Any) -> None:
    user = make_user("ma.officer", [Role.LIAISON_OFFICER])
    raw = services.token_create(acting_user="cli", user=user)
    assert ApiToken.objects.get().last_used_at is None
    _get(raw)
    assert ApiToken.objects.get().last_used_at is not None


def test_a_read_only_token_cannot_write(make_user: Any) -> None:
    user = make_user("ma.officer", [Role.LIAISON_OFFICER])
    raw = services.token_create(acting_user="cli", user=user, scope="read")
    assert _get(raw) == 200
    response = Client().post(
        "/api/v1/screenings",
        {"purpose": "case 1", "subjects": [{"names": ["A B"]}]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "This token's scope does not cover this request."


def test_a_screening_token_screens_and_reads_nothing_else(make_user: Any) -> None:
    user = make_user("ma.officer", [Role.LIAISON_OFFICER])
    raw = services.token_create(acting_user="cli", user=user, scope="screening")
    screened = Client().post(
        "/api/v1/screenings",
        {"purpose": "case 1", "subjects": [{"names": ["A B"]}]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert screened.status_code == 200
    assert _get(raw, "/api/v1/alerts") == 403


def test_a_token_stops_working_while_its_account_is_locked(make_user: Any) -> None:
    user = make_user("ma.officer", [Role.LIAISON_OFFICER])
    raw = services.token_create(acting_user="cli", user=user)
    _fail_logins(Client(), "ma.officer", 5)
    assert _get(raw) == 401


def test_creation_and_revocation_are_audited_and_the_owner_revokes_from_their_page(
    make_user: Any,
) -> None:
    user = make_user("ma.officer", [Role.LIAISON_OFFICER])
    raw = services.token_create(acting_user="cli", user=user, label="scanner")
    client = logged_in(user)
    page = client.get(reverse("accounts:my_tokens")).content.decode()
    assert raw[:12] in page and "scanner" in page
    token = ApiToken.objects.get()
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert _get(raw) == 401
    assert list(
        AuditEntry.objects.filter(action__startswith="token.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["token.create", "token.revoke"]


def test_an_administrator_revokes_a_users_token_but_another_officer_cannot(
    make_user: Any,
) -> None:
    user = make_user("ma.officer", [Role.LIAISON_OFFICER])
    other = make_user("ma.other", [Role.LIAISON_OFFICER])
    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    raw = services.token_create(acting_user="cli", user=user)
    token = ApiToken.objects.get()
    assert (
        logged_in(other).post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 403
    )
    assert _get(raw) == 200
    page = logged_in(admin).get(reverse("accounts:user_detail", args=[user.pk])).content.decode()
    assert raw[:12] in page
    logged_in(admin).post(reverse("accounts:token_revoke", args=[token.pk]))
    assert _get(raw) == 401


def test_the_owner_is_told_when_their_account_is_locked(
    make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    user = make_user("ma.officer", [Role.LIAISON_OFFICER])
    user.email = "officer@ma.example"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        _fail_logins(Client(), "ma.officer", 5)
    assert [m.to for m in mail.outbox] == [["officer@ma.example"]]
    assert mail.outbox[0].subject == "Jisr: your account was locked"


def test_one_address_cannot_lock_account_after_account(make_user: Any, settings: Any) -> None:
    settings.JISR_LOGIN_ADDRESS_LIMIT = 8
    for n in range(4):
        make_user(f"ma.user{n}")
    client = Client()
    _fail_logins(client, "ma.user0", 5)  # locks ma.user0: 5 failures from this address
    _fail_logins(client, "ma.user1", 3)  # the address is now at its limit (8)
    response = client.post(
        reverse("accounts:login"),
        {"username": "ma.user2", "password": "wrong password!!", "otp_token": "000000"},
    )
    assert response.status_code == 429
    assert "Too many failed logins from your address" in response.content.decode()
    # ma.user2 was never tried, so the owner can still log in from elsewhere.
    from axes.models import AccessAttempt

    assert not AccessAttempt.objects.filter(username="ma.user2").exists()
