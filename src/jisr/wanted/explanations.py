"""Translated labels for the matching engine's explanations.

``jisr.matching`` stays free of Django, so it explains itself with stable English
codes (``"transliteration variant"``, ``"same_year"``…); screens show them in the
user's language through these tables. An unknown code is shown as it is.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: How two name parts matched (``explanation.name.parts[].how``).
HOW: dict[str, Promise] = {
    "exact": _("exact"),
    "transliteration": _("same name in the other script"),
    "transliteration variant": _("transliteration variant"),
    "same pronunciation": _("same pronunciation"),
    "spelling variant": _("spelling variant"),
    "particle or article (al, ben…) ignored": _("particle or article (al, ben…) ignored"),
    "written as one word / split": _("written as one word / split"),
    "initial": _("initial"),
    "typing error": _("typing error"),
    "similar": _("similar"),
    "another name": _("another name"),
}

#: Date-of-birth verdicts (``explanation.birth_date.verdict``).
BIRTH_DATE: dict[str, Promise] = {
    "exact": _("same date"),
    "consistent": _("same year and month"),
    "same_year": _("same year"),
    "swapped_day_month": _("day and month swapped"),
    "near_year_1": _("one year apart"),
    "near_year_2": _("two years apart"),
    "day_differs": _("different day"),
    "month_differs": _("different month"),
    "contradicts": _("contradicts"),
    "unknown": _("missing on one side"),
}

#: Nationality verdicts (``explanation.nationality.verdict``).
NATIONALITY: dict[str, Promise] = {
    "consistent": _("consistent"),
    "differs": _("differs"),
    "unknown": _("missing on one side"),
}


def label(table: dict[str, Promise], code: object) -> str:
    """The translated label of ``code``, or the code itself when it is unknown."""
    text = table.get(str(code))
    return str(text) if text is not None else str(code or "—")
