"""Template helpers of the request desk. The countdown is the core one (jisr_tags)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from jisr.core.templatetags import jisr_tags

register = template.Library()


@register.simple_tag
def countdown(message: Any) -> SafeString | str:
    """The core ``{% countdown %}``, kept under this library for templates that load it."""
    return render_to_string("core/_countdown.html", jisr_tags.countdown(message))
