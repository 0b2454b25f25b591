"""Times and deadlines as an officer reads them: the countdown's number, the zone, the format."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from jisr.core import timefmt
from jisr.core.templatetags.jisr_tags import countdown

UTC = dt.UTC
NOW = dt.datetime(2026, 12, 1, 13, 5, tzinfo=UTC)


def _countdown_text(deadline: dt.datetime, language: str) -> str:
    with translation.override(language):
        html = Template("{% load jisr_tags %}{% countdown deadline now %}").render(
            Context({"deadline": deadline, "now": NOW})
        )
    match = re.search(r'data-testid="countdown">([^<]*)<', html)
    assert match, html
    return match.group(1)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "11 h 59 min left"), ("fr", "reste 11 h 59 min"), ("ar", "متبقٍّ 11 س 59 د")],
)
def test_a_twelve_hour_deadline_shows_eleven_hours_fifty_nine_a_minute_later(
    language: str, expected: str
) -> None:
    deadline = NOW + dt.timedelta(hours=12) - dt.timedelta(seconds=30)
    assert _countdown_text(deadline, language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "overdue by 1 h 02 min"),
        ("fr", "en retard de 1 h 02 min"),
        ("ar", "متأخر بـ 1 س 02 د"),
    ],
)
def test_a_past_deadline_says_by_how_much_it_is_overdue(language: str, expected: str) -> None:
    assert _countdown_text(NOW - dt.timedelta(minutes=62, seconds=5), language) == expected


def test_a_deadline_days_away_is_counted_in_days_and_hours() -> None:
    assert _countdown_text(NOW + dt.timedelta(days=6, hours=23, minutes=59), "fr") == (
        "reste 6 j 23 h"
    )


def test_a_record_answered_before_its_deadline_shows_answered() -> None:
    class Message:
        deadline = NOW + dt.timedelta(hours=1)
        answered_at = NOW

    assert countdown(Message()) == {"deadline": Message.deadline, "answered": True}


@pytest.mark.parametrize(
    ("zone", "language", "expected"),
    [
        ("Africa/Casablanca", "ar", "01/12/2026 14:05 UTC+01"),
        ("Europe/Paris", "fr", "01/12/2026 14:05 CET"),
        ("Europe/Paris", "en", "2026-12-01 14:05 CET"),
        ("UTC", "fr", "01/12/2026 13:05 UTC"),
    ],
)
def test_a_stored_utc_time_is_shown_day_first_in_the_users_zone_with_the_zone_named(
    zone: str, language: str, expected: str
) -> None:
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
        assert timefmt.moment(NOW) == expected


def test_summer_time_in_paris_is_named_cest() -> None:
    with translation.override("fr"), timezone.override(zoneinfo.ZoneInfo("Europe/Paris")):
        assert timefmt.moment(dt.datetime(2027, 6, 5, 12, 0, tzinfo=UTC)) == "05/06/2027 14:00 CEST"


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("ar", "1986-04-17", "17/04/1986"),
        ("fr", "1986-04-17", "17/04/1986"),
        ("en", "1986-04-17", "1986-04-17"),
        ("fr", "1986-04", "avril 1986"),
        ("ar", "1986", "1986"),
        ("fr", dt.date(2027, 6, 1), "01/06/2027"),
    ],
)
def test_a_possibly_partial_date_is_shown_in_the_languages_order(
    language: str, value: object, expected: str
) -> None:
    with translation.override(language):
        assert timefmt.partial_date(value) == expected


# Every template shows dates and times through the shared formats only.
TEMPLATES = sorted(Path(__file__).resolve().parents[2].glob("src/jisr/*/templates/**/*.html"))
# Month names and weekday names (a calendar's headings) carry no day/month order to get wrong.
ALLOWED_DATE_FORMATS = {"SHORT_DATE_FORMAT", "DATE_FORMAT", "YEAR_MONTH_FORMAT", "D", "c"}
# A variable named like a moment (created_at, deadline, last_login...) or a birth date.
MOMENT_VARIABLE = re.compile(r"\{\{\s*([\w.]*(?:_at|deadline|last_login))\s*(\|[^}]*)?\}\}")
BLOCKTRANSLATE = re.compile(r"\{% blocktrans(?:late)? [^%]*%\}")
BLOCK_ARGUMENT = re.compile(r"\w+=([\w.]*(?:_at|deadline))(\|\S*)?")
BIRTH_DATE_VARIABLE = re.compile(r"\{\{\s*[\w.]*birth_date\s*(\|[^}]*)?\}\}")


def test_the_template_list_is_not_empty() -> None:
    assert len(TEMPLATES) > 40


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_templates_render_dates_and_times_only_through_the_shared_formats(path: Path) -> None:
    text = path.read_text()
    problems = []
    for fmt in re.findall(r"\|date:[\"']([^\"']*)[\"']", text):
        if fmt not in ALLOWED_DATE_FORMATS:
            problems.append(f'|date:"{fmt}" (use |moment or |date:"SHORT_DATE_FORMAT")')
    for banned in ("|time", "timeuntil", "timesince", "{% now "):
        if banned in text:
            problems.append(f"{banned} (use {{% countdown %}} or |moment)")
    moments = list(MOMENT_VARIABLE.finditer(text))
    for tag in BLOCKTRANSLATE.finditer(text):
        moments += list(BLOCK_ARGUMENT.finditer(tag.group(0)))
    for match in moments:
        filters = match.group(2) or ""
        if "|moment" not in filters and "|date:'c'" not in filters and '|date:"c"' not in filters:
            problems.append(f"{match.group(0)!r} is shown without |moment")
    for match in BIRTH_DATE_VARIABLE.finditer(text):
        if "|partial_date" not in (match.group(1) or ""):
            problems.append(f"{match.group(0)!r} is shown without |partial_date")
    assert not problems, problems
