"""An administrator creates users, sets roles, unlocks accounts and resets credentials."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice

from jisr.accounts import admin_services
from jisr.accounts.admin_selectors import is_locked, locked_usernames
from jisr.accounts.models import User
from jisr.accounts.roles import Role
from jisr.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
TEMPORARY = "Temporary-Pass-4821"


def lock(username: str, failures: int = 5) -> None:
    """Five failed logins, as django-axes records them."""
    AccessAttempt.objects.create(
        username=username,
        ip_address="127.0.0.1",
        user_agent="test",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=failures,
    )


@pytest.fixture
def admin(make_user: Any) -> User:
    return make_user("ma.admin", [Role.ADMINISTRATOR])


def create(admin: User, **overrides: Any) -> User:
    values: dict[str, Any] = {
        "username": "ma.newofficer",
        "first_name": "Yassine",
        "last_name": "Amrani-Test",
        "email": "ma.newofficer@example.org",
        "roles": ["liaison_officer", "analyst"],
        "temporary_password": TEMPORARY,
    }
    values.update(overrides)
    return admin_services.user_admin_create(acting_user=admin, **values)


def test_a_new_user_belongs_to_the_nodes_agency_with_a_temporary_password_and_no_device(
    admin: User,
) -> None:
    user = create(admin)
    assert user.agency.code == "MA-DGSN"
    assert sorted(user.role_names) == ["analyst", "liaison_officer"]
    assert user.must_change_password is True
    assert user.check_password(TEMPORARY)
    assert not TOTPDevice.objects.filter(user=user).exists()
    entry = AuditEntry.objects.get(action="user.create", target_id=str(user.pk))
    assert entry.actor_username == "ma.admin"
    assert entry.extra == {"roles": ["analyst", "liaison_officer"], "agency": "MA-DGSN"}
    assert TEMPORARY not in str(entry.extra)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"username": "ma.admin"}, "username", "already taken"),
        ({"username": "MA.ADMIN"}, "username", "already taken"),
        ({"username": "x" * 151}, "username", "At most 150"),
        ({"username": "has space"}, "username", "valid username"),
        ({"roles": []}, "roles", "at least one role"),
        ({"roles": ["emperor"]}, "roles", "from the list"),
        ({"temporary_password": "short"}, "temporary_password", "too short"),
        ({"email": "not-an-address"}, "email", "valid e-mail"),
        ({"first_name": "é" * 151}, "first_name", "At most 150"),
    ],
)
def test_bad_input_names_the_field_and_creates_nobody(
    admin: User, overrides: dict[str, Any], field: str, message: str
) -> None:
    before = User.objects.count()
    with pytest.raises(ValidationError) as caught:
        create(admin, **overrides)
    assert message in " ".join(caught.value.message_dict[field])
    assert User.objects.count() == before
    assert not AuditEntry.objects.filter(action="user.create", actor_username="ma.admin").exists()


def test_only_an_administrator_may_create_a_user(make_user: Any) -> None:
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    with pytest.raises(PermissionDenied):
        create(officer)
    assert not User.objects.filter(username="ma.newofficer").exists()


def test_an_administrator_of_a_partner_agency_cannot_create_users_here(make_user: Any) -> None:
    fr_admin = make_user("fr.admin", [Role.ADMINISTRATOR], agency="FR-DGPN")
    with pytest.raises(PermissionDenied):
        create(fr_admin)


def test_roles_are_replaced_and_the_change_is_audited_with_old_and_new(
    admin: User, make_user: Any
) -> None:
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    admin_services.user_roles_set(acting_user=admin, user=officer, roles=["dpo"], reason="new post")
    officer.refresh_from_db()
    assert officer.role_names == ["dpo"]
    assert officer.has_perm("audit.view_audit_log")
    entry = AuditEntry.objects.get(action="user.roles_set")
    assert entry.extra == {"old": ["liaison_officer"], "new": ["dpo"]}
    assert entry.justification == "new post"


def test_an_administrator_cannot_drop_their_own_administrator_role(admin: User) -> None:
    with pytest.raises(ValidationError) as caught:
        admin_services.user_roles_set(
            acting_user=admin, user=admin, roles=["analyst"], reason="oops"
        )
    assert "own administrator role" in " ".join(caught.value.message_dict["roles"])
    assert admin.role_names == ["administrator"]


def test_unlocking_clears_the_failed_attempts_and_is_audited(admin: User, make_user: Any) -> None:
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    lock("ma.officer")
    assert locked_usernames(["ma.officer", "ma.admin"]) == {"ma.officer"}
    cleared = admin_services.user_unlock(acting_user=admin, user=officer, reason="called me")
    assert cleared == 1
    assert not is_locked("ma.officer")
    entry = AuditEntry.objects.get(action="user.unlock")
    assert (entry.target_id, entry.justification) == (str(officer.pk), "called me")


def test_four_failures_are_not_a_lock_and_unlocking_then_changes_nothing(
    admin: User, make_user: Any
) -> None:
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    lock("ma.officer", failures=4)
    with pytest.raises(ValidationError, match="not locked"):
        admin_services.user_unlock(acting_user=admin, user=officer, reason="x")
    assert AccessAttempt.objects.filter(username="ma.officer").count() == 1
    assert not AuditEntry.objects.filter(action="user.unlock").exists()


def test_unlocking_needs_a_reason(admin: User, make_user: Any) -> None:
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    lock("ma.officer")
    with pytest.raises(ValidationError):
        admin_services.user_unlock(acting_user=admin, user=officer, reason="  ")
    assert is_locked("ma.officer")


def test_a_temporary_password_replaces_the_old_one_and_must_be_changed(
    admin: User, make_user: Any
) -> None:
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    link = admin_services.user_password_reset(
        acting_user=admin,
        user=officer,
        method="temporary",
        temporary_password=TEMPORARY,
        reason="forgot it",
    )
    officer.refresh_from_db()
    assert link == ""
    assert officer.check_password(TEMPORARY)
    assert not officer.check_password("correct horse battery")
    assert officer.must_change_password
    entry = AuditEntry.objects.get(action="user.password_reset")
    assert entry.extra == {"method": "temporary"}


def test_a_one_time_link_disables_the_old_password_and_works_once(
    admin: User, make_user: Any
) -> None:
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    path = admin_services.user_password_reset(
        acting_user=admin, user=officer, method="link", reason="forgot it"
    )
    officer.refresh_from_db()
    assert not officer.has_usable_password()
    token = path.rstrip("/").split("/")[-1]
    assert default_token_generator.check_token(officer, token)
    admin_services.password_set_by_user(
        user=officer, new_password="Brand-New-Pass-7731", confirm="Brand-New-Pass-7731", via="link"
    )
    officer.refresh_from_db()
    assert officer.check_password("Brand-New-Pass-7731")
    assert not default_token_generator.check_token(officer, token)
    assert AuditEntry.objects.filter(action="user.password_change", extra__via="link").exists()


def test_a_weak_temporary_password_is_refused_and_the_old_one_still_works(
    admin: User, make_user: Any
) -> None:
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    with pytest.raises(ValidationError) as caught:
        admin_services.user_password_reset(
            acting_user=admin,
            user=officer,
            method="temporary",
            temporary_password="12345678901234",
            reason="x",
        )
    assert "entirely numeric" in " ".join(caught.value.message_dict["temporary_password"])
    officer.refresh_from_db()
    assert officer.check_password("correct horse battery")
    assert not officer.must_change_password


def test_an_administrator_cannot_reset_their_own_credentials(admin: User) -> None:
    with pytest.raises(ValidationError, match="another administrator"):
        admin_services.user_password_reset(acting_user=admin, user=admin, method="link", reason="x")
    with pytest.raises(ValidationError, match="another administrator"):
        admin_services.user_totp_reset(acting_user=admin, user=admin, reason="x")
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).count() == 1


def test_resetting_the_authenticator_removes_the_device(admin: User, make_user: Any) -> None:
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    assert admin_services.totp_has_confirmed_device(officer)
    removed = admin_services.user_totp_reset(acting_user=admin, user=officer, reason="lost phone")
    assert removed == 1
    assert not admin_services.totp_has_confirmed_device(officer)
    assert AuditEntry.objects.get(action="user.totp_reset").justification == "lost phone"


def test_another_agencys_user_cannot_be_touched(admin: User, make_user: Any) -> None:
    fr_officer = make_user("fr.officer", [Role.LIAISON_OFFICER], agency="FR-DGPN")
    lock("fr.officer")
    with pytest.raises(PermissionDenied):
        admin_services.user_unlock(acting_user=admin, user=fr_officer, reason="x")
    with pytest.raises(PermissionDenied):
        admin_services.user_totp_reset(acting_user=admin, user=fr_officer, reason="x")
    with pytest.raises(PermissionDenied):
        admin_services.user_roles_set(acting_user=admin, user=fr_officer, roles=["dpo"], reason="x")
    assert is_locked("fr.officer")
    assert admin_services.totp_has_confirmed_device(fr_officer)


def _enrolling(make_user: Any) -> tuple[User, TOTPDevice, int]:
    from django_otp.oath import totp

    user = make_user("ma.officer", [Role.LIAISON_OFFICER])
    TOTPDevice.objects.filter(user=user).delete()
    device = admin_services.totp_enrolment_device(user=user)
    assert admin_services.totp_enrolment_device(user=user).pk == device.pk  # same QR code
    return user, device, totp(device.bin_key, device.step, device.t0, device.digits, device.drift)


def test_a_wrong_code_leaves_the_new_device_unconfirmed_and_the_next_try_must_wait(
    make_user: Any,
) -> None:
    user, device, current = _enrolling(make_user)
    with pytest.raises(ValidationError, match="does not match"):
        admin_services.totp_enrolment_confirm(user=user, code=f"{(current + 1) % 1_000_000:06d}")
    with pytest.raises(ValidationError, match="wait a few seconds"):
        admin_services.totp_enrolment_confirm(user=user, code=f"{current:06d}")
    device.refresh_from_db()
    assert device.confirmed is False
    assert not AuditEntry.objects.filter(action="user.totp_enrol").exists()


def test_enrolment_confirms_the_device_with_a_current_code(make_user: Any) -> None:
    user, _device, current = _enrolling(make_user)
    confirmed = admin_services.totp_enrolment_confirm(user=user, code=f"{current:06d}")
    assert confirmed.confirmed is True
    assert AuditEntry.objects.get(action="user.totp_enrol").actor_username == "ma.officer"


def test_resetting_the_authenticator_ends_the_users_open_sessions(
    admin: User, make_user: Any
) -> None:
    from tests.support.web import logged_in

    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    colleague = make_user("ma.reviewer", [Role.COMPLIANCE_REVIEWER])
    officer_client = logged_in(officer)
    colleague_client = logged_in(colleague)
    assert officer_client.get("/accounts/me/").status_code == 200

    admin_services.user_totp_reset(acting_user=admin, user=officer, reason="phone stolen")

    after = officer_client.get("/accounts/me/")
    assert after.status_code == 302 and "/accounts/login/" in after["Location"]
    assert colleague_client.get("/accounts/me/").status_code == 200
    entry = AuditEntry.objects.get(action="user.totp_reset")
    assert entry.extra["sessions_ended"] == 1
