"""Record panels: a module adds a part to another module's record page through its AppConfig."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.apps import apps
from django.template import Context, Template
from django.test import RequestFactory

from jisr.core.registry import RecordPanel, record_panels

pytestmark = pytest.mark.django_db

SEEN: list[str] = []


def nothing_to_show(request: Any, record: Any) -> None:
    SEEN.append("nothing")
    return None


def a_deadline(request: Any, record: Any) -> dict[str, Any]:
    SEEN.append(f"deadline for {record}")
    return {"deadline": dt.datetime(2030, 1, 1, tzinfo=dt.UTC), "text": "3 h 05 min left"}


def never_called(request: Any, record: Any) -> None:
    raise AssertionError("a panel of another record type was asked")


def test_panels_declared_on_an_appconfig_render_in_order_and_skip_those_with_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    here = __name__
    monkeypatch.setattr(
        apps.get_app_config("core"),
        "record_panels",
        (
            RecordPanel("tests.thing", "core/_countdown.html", f"{here}.a_deadline", order=20),
            RecordPanel("tests.thing", "core/_countdown.html", f"{here}.nothing_to_show", order=10),
            RecordPanel("tests.other", "core/_countdown.html", f"{here}.never_called"),
        ),
        raising=False,
    )
    SEEN.clear()
    assert [p.order for p in record_panels("tests.thing")] == [10, 20]
    html = Template(
        '{% load jisr_tags %}<main>{% record_panels "tests.thing" thing %}</main>'
    ).render(Context({"thing": "T-1", "request": RequestFactory().get("/")}))
    assert SEEN == ["nothing", "deadline for T-1"]
    assert "3 h 05 min left" in html


def test_the_training_module_declares_its_panel_for_the_events_page() -> None:
    panels = record_panels("events.event")
    assert ("training/_event_assistance.html", "jisr.training.panels.event_assistance") in [
        (p.template, p.context) for p in panels
    ]
