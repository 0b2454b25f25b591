"""The one vocabulary of handling codes, and what each code allows.

The codes are those of Europol's SIENA, which police cooperation partners already know.
A handling code is set by the *provider* of an item (the agency that owns it) and binds
every *holder* of a copy:

- ``H0``: may be used for preventing and combating crime; no further condition;
- ``H1``: not to be used in judicial proceedings without the provider's consent;
- ``H2``: not to be disseminated without the provider's consent;
- ``H3``: other restrictions, stated in text beside the code.

The rules below are asked in one place (``code.may_forward(...)`` and friends) by every
app that passes information on. The provider is never restricted by its own code: it may
forward, export or copy its own item as it sees fit, and sending an item back to its
provider is not dissemination.

H3 restrictions are free text the software cannot read, so it lets no holder pass an H3
item on by itself, whatever consent is recorded: the provider re-issues the item under a
code that allows it. An H2 item may be passed on once the provider's consent for that use
is recorded.

A named restriction (``owner_only``) marks records the owner never shares at all; it is
the meaning the wanted-persons register once gave to its own "H3" (see the wanted
migration that moved to this vocabulary).
"""

from __future__ import annotations

import enum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Use(enum.StrEnum):
    """What a holder wants to do with an item beyond reading it."""

    FORWARD = "forward"  # pass it on to another agency
    EXPORT = "export"  # take it out of the system (file, print)
    COPY = "copy"  # copy it into another case or group of this node
    JUDICIAL = "judicial"  # use it as evidence in judicial proceedings


#: The uses each code subjects to the provider's consent; ``None``: never by a holder.
_CONSENT_NEEDED: dict[str, frozenset[Use] | None] = {
    "H0": frozenset(),
    "H1": frozenset({Use.JUDICIAL}),
    "H2": frozenset({Use.FORWARD, Use.EXPORT, Use.COPY}),
    "H3": None,
}


class HandlingCode(models.TextChoices):
    H0 = "H0", _("H0 — for preventing and combating crime")
    H1 = "H1", _("H1 — not to be used in judicial proceedings without the provider's consent")
    H2 = "H2", _("H2 — not to be disseminated without the provider's consent")
    H3 = "H3", _("H3 — other restrictions, stated in the text")

    @property
    def needs_restriction_text(self) -> bool:
        """H3 is only meaningful with its restrictions written out."""
        return self is HandlingCode.H3

    def needs_consent(self, use: Use) -> bool:
        """Whether a holder needs the provider's recorded consent for ``use``."""
        rule = _CONSENT_NEEDED[self.value]
        return rule is not None and use in rule

    def allows(self, use: Use, *, provider: str, holder: str, consent: bool = False) -> bool:
        """Whether ``holder`` may put the provider's item to ``use``.

        ``provider`` and ``holder`` are agency codes; ``consent`` says whether the
        provider's consent to this use is recorded.
        """
        if holder == provider:
            return True
        rule = _CONSENT_NEEDED[self.value]
        if rule is None:
            return False
        return use not in rule or consent

    def may_forward(
        self, to_agency: str, *, provider: str, holder: str, consent: bool = False
    ) -> bool:
        """Whether ``holder`` may pass the item on to ``to_agency``."""
        if to_agency == provider:
            return True
        return self.allows(Use.FORWARD, provider=provider, holder=holder, consent=consent)

    def may_export(self, *, provider: str, holder: str, consent: bool = False) -> bool:
        return self.allows(Use.EXPORT, provider=provider, holder=holder, consent=consent)

    def may_copy(self, *, provider: str, holder: str, consent: bool = False) -> bool:
        """Whether ``holder`` may copy the item into another case or group of its node."""
        return self.allows(Use.COPY, provider=provider, holder=holder, consent=consent)

    def refusal(self, use: Use, *, provider: str, to_agency: str = "") -> str:
        """The translated reason a holder is refused ``use`` (for forms and the API)."""
        if self is HandlingCode.H3:
            messages = {
                Use.FORWARD: _(
                    "This item is H3: its restrictions are stated in its text, so it cannot be "
                    "passed on to %(agency)s. Ask %(provider)s to send it again under another code."
                ),
                Use.EXPORT: _(
                    "This item is H3: its restrictions are stated in its text, so it cannot be "
                    "exported. Ask %(provider)s to send it again under another code."
                ),
                Use.COPY: _(
                    "This item is H3: its restrictions are stated in its text, so it cannot be "
                    "copied into another case. Ask %(provider)s to send it again under another code."
                ),
                Use.JUDICIAL: _(
                    "This item is H3: ask %(provider)s before using it in judicial proceedings."
                ),
            }
        else:
            messages = {
                Use.FORWARD: _(
                    "This item is %(code)s: it cannot be passed on to %(agency)s without the "
                    "recorded consent of %(provider)s."
                ),
                Use.EXPORT: _(
                    "This item is %(code)s: it cannot be exported without the recorded consent "
                    "of %(provider)s."
                ),
                Use.COPY: _(
                    "This item is %(code)s: it cannot be copied into another case without the "
                    "recorded consent of %(provider)s."
                ),
                Use.JUDICIAL: _(
                    "This item is %(code)s: it cannot be used in judicial proceedings without the "
                    "recorded consent of %(provider)s."
                ),
            }
        return str(messages[use]) % {"code": self.value, "provider": provider, "agency": to_agency}


#: The label of the named restriction "owner agency only" (see the module docstring).
OWNER_ONLY_LABEL = _("Owner agency only: never shared with a partner")
