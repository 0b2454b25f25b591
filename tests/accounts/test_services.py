"""Roles become groups with the permissions each app declares; tokens authenticate the API."""

from __future__ import annotations

import pytest
from django.test import Client

from jisr.accounts.models import ApiToken
from jisr.accounts.roles import Role
from jisr.accounts.services import token_create, user_set_active
from jisr.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_every_role_exists_as_a_group_with_its_permissions(make_user) -> None:
    dpo = make_user("ma.dpo", [Role.DPO])
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    assert dpo.has_perm("audit.view_audit_log")
    assert not officer.has_perm("audit.view_audit_log")
    assert officer.has_role(Role.LIAISON_OFFICER)


def test_passwords_are_hashed_with_argon2_in_production_settings() -> None:
    from jisr.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_a_token_authenticates_the_api_and_only_its_hash_is_stored(make_user) -> None:
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    raw = token_create(acting_user="cli", user=officer)
    assert not ApiToken.objects.filter(key_hash=raw).exists()
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json() == {
        "username": "ma.officer",
        "agency": "MA-DGSN",
        "roles": ["liaison_officer"],
    }
    assert AuditEntry.objects.filter(action="token.create").exists()


def test_the_api_refuses_a_missing_or_wrong_token(make_user) -> None:
    assert Client().get("/api/v1/me").status_code == 401
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION="Bearer nope").status_code == 401


def test_disabling_a_user_revokes_their_tokens(make_user) -> None:
    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    raw = token_create(acting_user=admin, user=officer)
    user_set_active(acting_user=admin, user=officer, active=False, reason="transferred")
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_an_administrator_cannot_manage_another_agencys_user(make_user) -> None:
    from django.core.exceptions import PermissionDenied

    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    foreign = make_user("fr.officer", [Role.LIAISON_OFFICER], agency="FR-DGPN")
    with pytest.raises(PermissionDenied):
        user_set_active(acting_user=admin, user=foreign, active=False, reason="x")
    foreign.refresh_from_db()
    assert foreign.is_active
