"""The desk's run-time node settings: the release rule and the accepted working languages.

They join the node settings page (``jisr.core.node_settings``) when the app is ready, so the
administrator changes them like any other; a module that is absent declares nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from jisr.core.node_settings import NODE_SETTINGS, NodeSettingSpec, node_setting


class ReleaseRule:
    ALWAYS = "always"
    PERSONAL = "personal"
    H2_H3 = "h2_h3"


RELEASE_RULES = (
    (ReleaseRule.ALWAYS, _("Every outgoing message")),
    (ReleaseRule.PERSONAL, _("Messages with personal data (default)")),
    (ReleaseRule.H2_H3, _("Only H2 and H3 messages")),
)

LANGUAGE_SETS = (
    ("ar,fr,en", _("Arabic, French and English")),
    ("ar,fr", _("Arabic and French")),
    ("ar,en", _("Arabic and English")),
    ("fr,en", _("French and English")),
    ("ar", _("Arabic only")),
    ("fr", _("French only")),
    ("en", _("English only")),
)


def _default_languages() -> str:
    configured = getattr(settings, "JISR_EXCHANGE_LANGUAGES", "")
    if configured:
        return str(configured)
    language = str(settings.LANGUAGE_CODE)[:2]
    return {"ar": "ar,fr", "fr": "fr,en"}.get(language, "ar,fr,en")


SPECS = (
    NodeSettingSpec(
        "exchange_release_rule",
        _("Release review of outgoing messages"),
        _(
            "Which outgoing case messages wait for a second person (desk member or supervisor, "
            "never the author) to release them."
        ),
        "choice",
        lambda: str(getattr(settings, "JISR_EXCHANGE_RELEASE_RULE", ReleaseRule.PERSONAL)),
        "JISR_EXCHANGE_RELEASE_RULE",
        choices=RELEASE_RULES,
    ),
    NodeSettingSpec(
        "exchange_languages",
        _("Languages accepted for requests"),
        _("The languages partners may write requests to this agency in (Art. 11)."),
        "choice",
        _default_languages,
        "JISR_EXCHANGE_LANGUAGES",
        choices=LANGUAGE_SETS,
    ),
)


def register_node_settings() -> None:
    for spec in SPECS:
        NODE_SETTINGS.setdefault(spec.name, spec)


def release_rule() -> str:
    return str(node_setting("exchange_release_rule"))


def accepted_languages() -> list[str]:
    """The languages this agency accepts requests in."""
    return [code for code in str(node_setting("exchange_languages")).split(",") if code]
