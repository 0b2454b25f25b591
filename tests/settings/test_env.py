"""Settings read from the environment: numbers are checked, with a clear message."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from jisr.settings import env


def test_hours_default_and_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JISR_HIT_DEADLINE_HOURS", raising=False)
    assert env.hours("JISR_HIT_DEADLINE_HOURS", 12) == 12
    monkeypatch.setenv("JISR_HIT_DEADLINE_HOURS", "6.5")
    assert env.hours("JISR_HIT_DEADLINE_HOURS", 12) == 6.5


@pytest.mark.parametrize("value", ["twelve", "-3", "0", "99999"])
def test_bad_hours_are_refused_by_name(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("JISR_EXCHANGE_URGENT_HOURS", value)
    with pytest.raises(ImproperlyConfigured, match="JISR_EXCHANGE_URGENT_HOURS"):
        env.hours("JISR_EXCHANGE_URGENT_HOURS", 8)


def test_megabytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JISR_ATTACHMENT_MAX_MB", "25")
    assert env.megabytes("JISR_ATTACHMENT_MAX_MB", 10) == 25 * 1024 * 1024
    monkeypatch.setenv("JISR_ATTACHMENT_MAX_MB", "2.5")
    with pytest.raises(ImproperlyConfigured, match="JISR_ATTACHMENT_MAX_MB"):
        env.megabytes("JISR_ATTACHMENT_MAX_MB", 10)
