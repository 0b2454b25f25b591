"""Template helpers of the register."""

from __future__ import annotations

import datetime as dt

from django import template

from jisr.core import clock
from jisr.wanted import explanations

register = template.Library()


@register.simple_tag
def now_utc() -> dt.datetime:
    """The node's clock (shifted on demo/test nodes), for countdowns."""
    return clock.now()


@register.filter
def match_how(code: object) -> str:
    """How two name parts matched, in the user's language."""
    return explanations.label(explanations.HOW, code)


@register.filter
def birth_date_verdict(code: object) -> str:
    """A date-of-birth verdict, in the user's language."""
    return explanations.label(explanations.BIRTH_DATE, code)


@register.filter
def nationality_verdict(code: object) -> str:
    """A nationality verdict, in the user's language."""
    return explanations.label(explanations.NATIONALITY, code)


@register.filter
def rejection_text(rejection: object) -> str:
    """ "Rejected on … by … because …" for a remembered rejection, in the user's language."""
    from jisr.wanted.rejections import describe

    return describe(rejection) if isinstance(rejection, dict) else ""


@register.filter
def document_type(code: object) -> str:
    """A document type's name in the reader's language (the stored code if unknown)."""
    from jisr.wanted.reference import DocumentType

    try:
        return str(DocumentType(str(code)).label)
    except ValueError:
        return str(code)
