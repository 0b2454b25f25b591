"""Run-time node settings: the environment gives the default, an administrator may override."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jisr.accounts.admin_services import node_setting_set
from jisr.accounts.roles import Role
from jisr.core.models import NodeSetting
from jisr.core.node_settings import NODE_SETTINGS, node_setting

pytestmark = pytest.mark.django_db


def test_without_an_override_each_setting_is_the_environment_value(settings: Any) -> None:
    settings.JISR_HIT_DEADLINE_HOURS = 9
    settings.JISR_EXCHANGE_DEADLINE_HOURS = {"urgent": 3, "normal": 100}
    settings.JISR_EXCHANGE_ATTACHMENT_MAX_BYTES = 4 * 1024 * 1024
    settings.JISR_HIT_EMAIL = False
    settings.LANGUAGE_CODE = "ar"
    assert node_setting("hit_deadline_hours") == 9
    assert node_setting("exchange_urgent_hours") == 3
    assert node_setting("exchange_normal_hours") == 100
    assert node_setting("attachment_max_mb") == 4
    assert node_setting("hit_email") is False
    assert node_setting("default_language") == "ar"


def test_an_override_wins_and_removing_it_restores_the_environment_value(
    make_user: Any,
) -> None:
    from jisr.exchange.services import attachment_max_bytes, deadline_hours

    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    node_setting_set(acting_user=admin, name="exchange_urgent_hours", value="4")
    node_setting_set(acting_user=admin, name="attachment_max_mb", value="2")
    assert deadline_hours("urgent") == 4
    assert attachment_max_bytes() == 2 * 1024 * 1024
    node_setting_set(acting_user=admin, name="exchange_urgent_hours", value=None)
    assert deadline_hours("urgent") == 8
    assert not NodeSetting.objects.filter(name="exchange_urgent_hours").exists()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("hit_deadline_hours", "0", "between 1 and 168"),
        ("hit_deadline_hours", "1e9", "between 1 and 168"),
        ("hit_deadline_hours", "nan", "between 1 and 168"),
        ("hit_deadline_hours", "twelve", "Enter a number"),
        ("attachment_max_mb", "2.5", "Enter a number"),
        ("attachment_max_mb", "101", "between 1 and 10: the node started with"),
        ("default_language", "de", "listed values"),
    ],
)
def test_out_of_bounds_values_are_refused_and_nothing_is_stored(
    make_user: Any, name: str, value: str, message: str
) -> None:
    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    with pytest.raises(ValidationError, match=message):
        node_setting_set(acting_user=admin, name=name, value=value)
    assert not NodeSetting.objects.exists()


def test_only_an_administrator_changes_settings(make_user: Any) -> None:
    supervisor = make_user("ma.supervisor", [Role.SUPERVISOR])
    with pytest.raises(PermissionDenied):
        node_setting_set(acting_user=supervisor, name="hit_email", value=False)
    assert node_setting("hit_email") is True


def test_a_stored_value_out_of_bounds_falls_back_to_the_environment_value() -> None:
    from django.utils import timezone

    NodeSetting.objects.create(name="hit_deadline_hours", value=9999, updated_at=timezone.now())
    assert node_setting("hit_deadline_hours") == 12


def test_every_setting_names_its_environment_variable_in_the_readme() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for spec in NODE_SETTINGS.values():
        assert f"`{spec.env_name}`" in readme


def test_the_attachment_size_cannot_exceed_what_sized_the_request_body_limit_at_start_up(
    make_user: Any, settings: Any
) -> None:
    """A larger attachment would pass the setting but fail Django's request-body limit."""
    from django.utils import timezone, translation

    from jisr.exchange.services import attachment_max_bytes
    from tests.support.web import logged_in

    settings.JISR_EXCHANGE_ATTACHMENT_MAX_BYTES = 12 * 1024 * 1024
    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    for language, message in (
        ("en", "Enter a number between 1 and 12: the node started with JISR_ATTACHMENT_MAX_MB=12"),
        ("fr", "Saisissez un nombre entre 1 et 12\u00a0: le nœud a démarré avec "),
    ):
        with translation.override(language), pytest.raises(ValidationError) as exc:
            node_setting_set(acting_user=admin, name="attachment_max_mb", value="13")
        assert exc.value.messages[0].startswith(message)
    assert not NodeSetting.objects.exists()
    node_setting_set(acting_user=admin, name="attachment_max_mb", value="12")
    assert attachment_max_bytes() == 12 * 1024 * 1024
    page = logged_in(admin).get("/accounts/node-settings/", HTTP_ACCEPT_LANGUAGE="en")
    assert "from 1 to 12" in page.content.decode()
    # an override stored before a restart with a lower environment value no longer applies
    NodeSetting.objects.filter(name="attachment_max_mb").update(value=50, updated_at=timezone.now())
    from jisr.core.node_settings import clear_cache

    clear_cache()
    assert node_setting("attachment_max_mb") == 12
