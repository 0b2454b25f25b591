"""Node settings that are safe to change while the node runs.

Each setting has an environment default (``jisr.settings.env``, through Django's
settings) and may be overridden by an administrator on the node settings page; the
override is a ``NodeSetting`` row. Everything reads a value through
``node_setting(name)``. Settings that need a restart (database, hosts, keys,
secret key) are deliberately not here. A change applies to what happens next:
a new hit gets the new deadline, an existing one keeps its own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NodeSettingSpec:
    """One run-time setting: its kind, bounds and where its default comes from."""

    name: str
    label: str | Promise
    help_text: str | Promise
    kind: str  # "choice", "hours", "int", "bool"
    default: Callable[[], Any]
    env_name: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[tuple[str, str | Promise], ...] = ()
    #: A lower maximum fixed when the node started, read from ``env_name``: a value
    #: Django sized something with at start-up (the request-body limit) cannot be
    #: raised while the node runs.
    ceiling: Callable[[], float] | None = None

    def upper(self) -> float | None:
        """The largest value allowed now: ``maximum``, or the start-up ceiling if lower."""
        if self.ceiling is None:
            return self.maximum
        ceiling = self.ceiling()
        return ceiling if self.maximum is None else min(self.maximum, ceiling)

    def clean(self, raw: Any) -> Any:
        """The typed value for ``raw`` (a form string or a value), or a translated error."""
        if self.kind == "bool":
            if isinstance(raw, bool):
                return raw
            return str(raw).strip().lower() in {"1", "true", "on", "yes"}
        if self.kind == "choice":
            value = str(raw).strip()
            if value not in {code for code, _label in self.choices}:
                raise ValidationError(gettext("Choose one of the listed values."))
            return value
        text = str(raw).strip().replace(",", ".").replace("\u066b", ".")
        try:
            number: float = int(text) if self.kind == "int" else float(text)
        except ValueError:
            raise ValidationError(gettext("Enter a number.")) from None
        upper = self.upper()
        if upper is not None and upper != self.maximum and number > upper:
            raise ValidationError(
                gettext(
                    "Enter a number between %(min)s and %(max)s: the node started with "
                    "%(env)s=%(max)s, which sized the largest request it accepts. Raise "
                    "%(env)s and restart the node to allow more."
                )
                % {"min": _plain(self.minimum), "max": _plain(upper), "env": self.env_name}
            )
        if (
            number != number
            or (self.minimum is not None and number < self.minimum)
            or (self.maximum is not None and number > self.maximum)
        ):
            raise ValidationError(
                gettext("Enter a number between %(min)s and %(max)s.")
                % {"min": _plain(self.minimum), "max": _plain(upper)}
            )
        return number


def _plain(number: float | None) -> str:
    if number is None:
        return ""
    return str(int(number)) if float(number).is_integer() else str(number)


NODE_SETTINGS: dict[str, NodeSettingSpec] = {
    spec.name: spec
    for spec in (
        NodeSettingSpec(
            "default_language",
            _("Default language"),
            _("The language of the interface for users who have not chosen one."),
            "choice",
            lambda: str(settings.LANGUAGE_CODE)[:2],
            "JISR_LANGUAGE",
            choices=(("ar", _("Arabic")), ("fr", _("French")), ("en", _("English"))),
        ),
        NodeSettingSpec(
            "hit_deadline_hours",
            _("Hit answer deadline (hours)"),
            _("Hours the alert's owner has to answer a screening hit. Applies to new hits."),
            "hours",
            lambda: float(settings.JISR_HIT_DEADLINE_HOURS),
            "JISR_HIT_DEADLINE_HOURS",
            minimum=1,
            maximum=168,
        ),
        NodeSettingSpec(
            "exchange_urgent_hours",
            _("Urgent request deadline (hours)"),
            _("Response time of an urgent information request. Applies to new requests."),
            "hours",
            lambda: float(settings.JISR_EXCHANGE_DEADLINE_HOURS["urgent"]),
            "JISR_EXCHANGE_URGENT_HOURS",
            minimum=1,
            maximum=720,
        ),
        NodeSettingSpec(
            "exchange_normal_hours",
            _("Normal request deadline (hours)"),
            _("Response time of a normal information request. Applies to new requests."),
            "hours",
            lambda: float(settings.JISR_EXCHANGE_DEADLINE_HOURS["normal"]),
            "JISR_EXCHANGE_NORMAL_HOURS",
            minimum=1,
            maximum=8760,
        ),
        NodeSettingSpec(
            "attachment_max_mb",
            _("Largest attachment (MB)"),
            _("Largest file that can be attached to a case message."),
            "int",
            lambda: int(settings.JISR_EXCHANGE_ATTACHMENT_MAX_BYTES) / (1024 * 1024),
            "JISR_ATTACHMENT_MAX_MB",
            minimum=1,
            maximum=100,
            ceiling=lambda: int(settings.JISR_EXCHANGE_ATTACHMENT_MAX_BYTES) // (1024 * 1024),
        ),
        NodeSettingSpec(
            "exchange_email",
            _("E-mail about new case messages"),
            _("A pointer-only e-mail (no content) tells the case's officers a message is waiting."),
            "bool",
            lambda: bool(settings.JISR_EXCHANGE_EMAIL),
            "JISR_EXCHANGE_EMAIL",
        ),
        NodeSettingSpec(
            "hit_email",
            _("E-mail about hits"),
            _("A pointer-only e-mail when a hit arrives, is half-way or past its deadline."),
            "bool",
            lambda: bool(settings.JISR_HIT_EMAIL),
            "JISR_HIT_EMAIL",
        ),
    )
}

# Every web process and worker reads overrides from the database; a short cache
# keeps that to one query per process every few seconds, and a change made in this
# process is seen at once (the cache is dropped when the change commits).
_cache_lock = threading.Lock()
_cache: dict[str, Any] = {"at": 0.0, "values": None}


def clear_cache() -> None:
    with _cache_lock:
        _cache["values"] = None


def _overrides() -> dict[str, Any]:
    from jisr.core.models import NodeSetting

    ttl = float(getattr(settings, "JISR_NODE_SETTINGS_CACHE_SECONDS", 10))
    with _cache_lock:
        values = _cache["values"]
        if values is not None and time.monotonic() - _cache["at"] < ttl:
            return dict(values)
    values = dict(NodeSetting.objects.values_list("name", "value"))
    with _cache_lock:
        _cache["values"] = values
        _cache["at"] = time.monotonic()
    return dict(values)


def node_setting(name: str) -> Any:
    """The current value of a run-time node setting: the override, else the environment's."""
    spec = NODE_SETTINGS[name]
    overrides = _overrides()
    if name in overrides:
        try:
            return spec.clean(overrides[name])
        except ValidationError:
            pass  # a row no longer within bounds falls back to the environment value
    return spec.default()


def node_settings_table() -> list[dict[str, Any]]:
    """Every run-time setting with its current value, default and whether it is overridden."""
    overrides = _overrides()
    rows = []
    for spec in NODE_SETTINGS.values():
        rows.append(
            {
                # the page shows the bounds: the start-up ceiling, when lower, is the maximum
                "spec": replace(spec, maximum=spec.upper()),
                "value": node_setting(spec.name),
                "default": spec.default(),
                "overridden": spec.name in overrides,
            }
        )
    return rows
