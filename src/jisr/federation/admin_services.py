"""What an administrator does to the partners and keys from the web pages.

The writes themselves are ``partner_add`` and ``key_rotate`` (also used by the command
line); these entry points add the permission check for a person acting in the UI.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.access import require_perm
from jisr.federation.models import Partner, PartnerKey
from jisr.federation.services import key_rotate, partner_add

MANAGE = "federation.manage_federation"
OVERLAP_HOURS_MIN = 1
OVERLAP_HOURS_MAX = 24 * 14


def partner_register(*, acting_user: User, agency_code: str, url: str, public_key: str) -> Partner:
    """Register a partner node (or update its address and key), as an administrator."""
    require_perm(acting_user, MANAGE, _("You may not administer the partner links."))
    errors = {}
    for field, value, limit in (
        ("agency_code", agency_code, 32),
        ("url", url, 300),
        ("public_key", public_key, 100),
    ):
        if len(value.strip()) > limit:
            errors[field] = _("At most %(max)d characters.") % {"max": limit}
    if errors:
        raise ValidationError(errors)
    return partner_add(
        acting_user=acting_user, agency_code=agency_code, url=url, public_key=public_key
    )


def node_key_rotate(*, acting_user: User, overlap_hours: float = 72) -> PartnerKey:
    """Make a new signing key current, as ``jisr manage federation_rotate_key`` does."""
    require_perm(acting_user, MANAGE, _("You may not administer the partner links."))
    if not OVERLAP_HOURS_MIN <= overlap_hours <= OVERLAP_HOURS_MAX:
        raise ValidationError(
            {
                "overlap_hours": _("Enter a number of hours between %(min)d and %(max)d.")
                % {"min": OVERLAP_HOURS_MIN, "max": OVERLAP_HOURS_MAX}
            }
        )
    try:
        return key_rotate(acting_user=acting_user, overlap_hours=overlap_hours)
    except ValueError:
        raise ValidationError(_("This node has no key yet: run `jisr node init`.")) from None
