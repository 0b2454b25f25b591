"""The shared access primitives: permission checks and ids from URLs."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jisr.accounts.roles import Role
from jisr.core.access import parse_uuid, require_perm, uuid_or_404

pytestmark = pytest.mark.django_db


def test_a_user_with_the_permission_passes_and_one_without_is_refused(make_user) -> None:
    dpo = make_user("ma.dpo", [Role.DPO])
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    require_perm(dpo, "audit.view_audit_log")
    with pytest.raises(PermissionDenied, match="not allowed here"):
        require_perm(officer, "audit.view_audit_log", "not allowed here")


def test_a_disabled_user_is_refused_whatever_their_roles(make_user) -> None:
    dpo = make_user("ma.dpo", [Role.DPO])
    dpo.is_active = False
    with pytest.raises(PermissionDenied):
        require_perm(dpo, "audit.view_audit_log")


@pytest.mark.parametrize("value", ["not-a-uuid", "", None, 12])
def test_a_malformed_id_is_a_404(value) -> None:
    with pytest.raises(Http404):
        uuid_or_404(value)


def test_a_well_formed_id_comes_back_as_a_uuid() -> None:
    ident = uuid.uuid4()
    assert uuid_or_404(str(ident)) == ident
    assert uuid_or_404(ident) is ident


def test_parse_uuid_returns_none_for_anything_else() -> None:
    value = uuid.uuid4()
    assert parse_uuid(value) is value
    assert parse_uuid(str(value)) == value
    assert parse_uuid("not-a-uuid") is None
    assert parse_uuid(None) is None


def test_with_an_object_require_perm_asks_the_object_rules(make_user, agencies) -> None:
    from jisr.accounts.permissions import MANAGE_USERS

    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    colleague = make_user("ma.colleague", [Role.ANALYST])
    foreigner = make_user("fr.analyst", [Role.ANALYST], agency="FR-DGPN")
    require_perm(admin, MANAGE_USERS, obj=colleague)
    with pytest.raises(PermissionDenied, match="another agency"):
        require_perm(admin, MANAGE_USERS, "This user belongs to another agency.", obj=foreigner)
    with pytest.raises(PermissionDenied):
        require_perm(colleague, MANAGE_USERS, obj=admin)
