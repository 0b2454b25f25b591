"""Modules declare their own audit actions; together they stay one vocabulary."""

from __future__ import annotations

from collections import Counter

import pytest

from jisr.audit.actions import action_choices, action_label, known_action, module_action_classes
from jisr.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_no_two_modules_declare_the_same_stored_action() -> None:
    counts = Counter(value for value, _label in action_choices())
    assert [value for value, n in counts.items() if n > 1] == []
    # The new modules each bring their own enumeration.
    labels = {enum.__module__.split(".")[1] for enum in module_action_classes()}
    assert {"groups", "risks", "training", "privacy", "plan", "exchange"} <= labels


def test_a_module_action_is_recorded_and_named_and_an_unknown_one_is_refused() -> None:
    value = next(v for v, _ in action_choices() if v.startswith("group."))
    assert known_action(value) == value
    entry = audit_record("system", value)
    assert entry.action == value and action_label(value) != value
    with pytest.raises(ValueError, match="unknown audit action"):
        audit_record("system", "group.made_up")
