"""One enumeration of audit actions: known values only, stored as before, named for the DPO."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

import jisr
from jisr.accounts.roles import Role
from jisr.audit.actions import AuditAction, action_label
from jisr.audit.models import AuditEntry
from jisr.audit.services import audit_record, field_changes
from jisr.audit.verify import verify_chain
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def test_an_unknown_action_is_refused_and_nothing_is_written() -> None:
    with pytest.raises(ValueError, match=r"alert\.aprove"):
        audit_record("system", "alert.aprove")  # type: ignore[arg-type]
    assert not AuditEntry.objects.exists()


def test_the_stored_value_is_the_string_the_log_always_held() -> None:
    entry = audit_record("system", AuditAction.ALERT_APPROVE)
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.action == "alert.approve" and type(stored.action) is str
    assert verify_chain().ok


def test_every_action_value_is_unique_and_dotted() -> None:
    values = AuditAction.values
    assert len(values) == len(set(values))
    assert all("." in v and v == v.strip().lower() for v in values)


def _built_from_text(node: ast.expr) -> bool:
    if isinstance(node, ast.JoinedStr | ast.BinOp):
        return True
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.IfExp):
        return _built_from_text(node.body) or _built_from_text(node.orelse)
    return False


def test_no_call_writes_its_action_as_text() -> None:
    """Every ``audit_record`` call in the code names ``AuditAction`` members, not strings."""
    found = []
    for path in sorted(Path(jisr.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "audit_record"
                and len(node.args) > 1
                and _built_from_text(node.args[1])
            ):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []


def test_labels_are_translated_and_unknown_old_values_show_as_stored() -> None:
    from django.utils import translation

    with translation.override("fr"):
        assert (
            action_label("message.forward_refused")
            == "Transmission refusée par le code de traitement"
        )
    with translation.override("ar"):
        assert action_label("auth.login") == "تسجيل الدخول"
    assert action_label("legacy.action") == "legacy.action"


def test_an_update_keeps_old_and_new_values_and_withholds_personal_data(make_user: Any) -> None:
    user = make_user("ma.someone")
    user.first_name = "Karim"
    assert field_changes(user, {"is_active": False, "first_name": "Samir"}) == {
        "changes": {"is_active": [True, False], "first_name": ["Karim", "Samir"]}
    }
    assert field_changes(user, {"first_name": "Samir"}, withheld=frozenset({"first_name"})) == {
        "changes": {},
        "withheld": ["first_name"],
    }


def test_the_dpo_reads_the_action_in_their_language(make_user: Any) -> None:
    dpo = make_user("ma.dpo", [Role.DPO])
    audit_record("system", AuditAction.MESSAGE_EXPORT_REFUSED)
    client = logged_in(dpo)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    page = client.get(reverse("audit:log")).content.decode()
    assert "Export refusé par le code de traitement" in page
    assert "<code>message.export_refused</code>" in page
