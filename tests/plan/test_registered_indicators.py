"""Every registered indicator evaluates on an empty node and after the demo seed; the demo
plan follows the new modules' indicators; the small-count threshold is a node setting."""

from __future__ import annotations

import datetime as dt
import html
import io
import math
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jisr.core import clock
from jisr.core.indicators import indicator_definitions, small_count_threshold
from jisr.plan.periods import period_containing
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db

NEW_MODULES = ("exchange.", "groups.", "training.", "risks.")


def _quarter() -> tuple[dt.datetime, dt.datetime]:
    period = period_containing(clock.now().date(), "quarter")
    start = dt.datetime.combine(period.start, dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    return start, end


def _evaluate_all() -> dict[str, Any]:
    start, end = _quarter()
    values = {}
    for code, definition in indicator_definitions().items():
        value = definition.evaluate(start, end)
        assert value is None or (
            isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
        ), (code, value)
        values[code] = value
    return values


def test_every_registered_indicator_evaluates_on_an_empty_node(agencies: dict[str, Any]) -> None:
    values = _evaluate_all()
    assert {code.split(".")[0] + "." for code in values} >= set(NEW_MODULES)


def test_every_registered_indicator_evaluates_after_the_demo_seed(
    agencies: dict[str, Any],
) -> None:
    from jisr.node.demo import seed

    seed("MA-DGSN", "node-secret")
    values = _evaluate_all()
    assert all(code in values for code in ("exchange.answered_within_limit", "groups.active"))


def test_the_demo_plan_follows_the_new_modules_indicators_on_their_pillars(
    people: dict[str, Any], plan: Any
) -> None:
    pillar_codes = {
        key: set(plan.bindings.filter(pillar__key=key).values_list("code", flat=True))
        for key in ("information_exchange", "fugitives", "training", "risk_anticipation")
    }
    assert "exchange.answered_within_limit" in pillar_codes["information_exchange"]
    assert "groups.targets_located" in pillar_codes["fugitives"]
    assert "training.sessions_delivered" in pillar_codes["training"]
    assert "risks.alert_acknowledged_within_hour" in pillar_codes["risk_anticipation"]
    registered = indicator_definitions()
    bound = set(plan.bindings.values_list("code", flat=True))
    assert bound <= set(registered), bound - set(registered)
    client = logged_in(people["steering"])
    client.cookies["jisr_language"] = "en"
    page = html.unescape(client.get("/plan/").content.decode())
    for code in (
        "exchange.answered_within_limit",
        "groups.targets_located",
        "training.sessions_delivered",
        "risks.alert_acknowledged_within_hour",
    ):
        assert str(registered[code].label) in page, code
    assert "not available" not in page


def test_the_report_lists_the_new_modules_indicators(people: dict[str, Any], plan: Any) -> None:
    from jisr.plan import services
    from jisr.plan.reports import reports_step

    quarter = period_containing(clock.now().date(), "quarter")
    report = services.report_request(
        acting_user=people["steering"],
        plan=plan,
        period_from=quarter.start,
        period_to=quarter.end,
        language="en",
        fmt="xlsx",
    )
    reports_step()
    report.refresh_from_db()
    assert report.status == "done", report.failure_reason
    from openpyxl import load_workbook

    with report.file.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()))
    cells = [
        str(c)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for c in row
    ]
    for label in (
        "Requests answered within the time limit",
        "Working group targets located or arrested",
        "Sessions delivered",
        "Alert bulletins acknowledged within one hour",
    ):
        assert any(label.lower() in c.lower() for c in cells), label


def test_the_small_count_threshold_is_on_the_node_settings_page_with_bounds(
    make_user: Any,
) -> None:
    from jisr.accounts.admin_services import node_setting_set
    from jisr.accounts.roles import Role
    from jisr.core.models import NodeSetting

    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    client = logged_in(admin)
    client.cookies["jisr_language"] = "fr"
    page = html.unescape(client.get(reverse("accounts:node_settings")).content.decode())
    assert "indicator_small_count_threshold" in page
    assert small_count_threshold() == 5
    for bad in ("0", "1001", "trois", "2.5"):
        with pytest.raises(ValidationError):
            node_setting_set(acting_user=admin, name="indicator_small_count_threshold", value=bad)
    assert not NodeSetting.objects.filter(name="indicator_small_count_threshold").exists()
    node_setting_set(acting_user=admin, name="indicator_small_count_threshold", value="10")
    assert small_count_threshold() == 10
