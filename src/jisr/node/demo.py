"""Fictitious demo data for a pair of agencies (the embedded demo: MA-DGSN and FR-DGPN).

Every person here is invented. Any pair of agency codes works: the first of the pair
(see :func:`jisr.accounts.demo.demo_order`) gets the first set of demo users and every
module's "first" records, the other the second set. Agencies Jisr does not know by code
get fictitious names made from the code.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from django.apps import apps
from django.db import transaction

from jisr.accounts.demo import DemoPair, demo_order, demo_partner, demo_prefix
from jisr.accounts.models import Agency, User
from jisr.accounts.reference import KNOWN_AGENCIES
from jisr.accounts.roles import Role
from jisr.accounts.services import agency_upsert, user_create
from jisr.node.demo_constants import DEMO_PASSWORD

#: The two agencies of the model action plan.
AGENCIES = KNOWN_AGENCIES

#: The demo users of the first and of the second agency of the pair: role name ->
#: (roles, first name, last name); names are invented.
DEMO_USER_SETS: tuple[dict[str, tuple[list[Role], str, str]], ...] = (
    {
        "officer": ([Role.LIAISON_OFFICER, Role.ANALYST], "Karim", "Bennani-Test"),
        "reviewer": ([Role.COMPLIANCE_REVIEWER], "Salma", "Idrissi-Test"),
        "dpo": ([Role.DPO], "Nadia", "Alaoui-Test"),
        "admin": ([Role.ADMINISTRATOR], "Omar", "Tazi-Test"),
        "supervisor": ([Role.SUPERVISOR, Role.LIAISON_OFFICER], "Rachid", "Fassi-Test"),
        "analyst": ([Role.ANALYST], "Youssef", "Chraibi-Test"),
    },
    {
        "officer": ([Role.LIAISON_OFFICER, Role.ANALYST], "Julie", "Martin-Test"),
        "reviewer": ([Role.COMPLIANCE_REVIEWER], "Thomas", "Bernard-Test"),
        "dpo": ([Role.DPO], "Claire", "Petit-Test"),
        "admin": ([Role.ADMINISTRATOR], "Luc", "Durand-Test"),
        "supervisor": ([Role.SUPERVISOR, Role.LIAISON_OFFICER], "Anne", "Moreau-Test"),
        "analyst": ([Role.ANALYST], "Marc", "Lefebvre-Test"),
    },
)


def agency_names(code: str) -> dict[str, str]:
    """The names of a known agency, else fictitious ones made from its code."""
    if code in KNOWN_AGENCIES:
        return dict(KNOWN_AGENCIES[code])
    country = code.split("-", 1)[0]
    return {
        "name_ar": f"وكالة {code} (وهمية)",
        "name_fr": f"Agence {code} (fictive)",
        "name_en": f"Agency {code} (fictitious)",
        "country": country if len(country) == 2 and country.isalpha() else "",
    }


def demo_totp_key(username: str, node_secret: str) -> str:
    """A per-node, per-user TOTP secret (hex), derived so re-seeding is stable."""
    digest = hashlib.sha256(f"{node_secret}:{username}".encode()).digest()[:20]
    return base64.b16encode(digest).decode().lower()


def seed(own_code: str, node_secret: str, *, partner_code: str | None = None) -> dict[str, Any]:
    """Create the pair's agencies and this node's demo users, then each app's demo data.

    ``partner_code`` defaults to :func:`demo_partner`. Each app's ``demo_seed(own, pair)``
    writes its records by role in the pair (:class:`jisr.accounts.demo.DemoPair`). Idempotent.
    """
    partner = partner_code or demo_partner(own_code)
    order = demo_order([own_code, *([partner] if partner else [])])
    created: list[str] = []
    with transaction.atomic():
        for code in order:
            agency_upsert(code=code, is_own=(code == own_code), **_names_kept(code))
        own = Agency.objects.get(code=own_code)
        prefix = demo_prefix(own_code, partner)
        users = DEMO_USER_SETS[order.index(own_code)]
        for role, (roles, first, last) in users.items():
            username = f"{prefix}.{role}"
            if User.objects.filter(username=username).exists():
                continue
            user_create(
                acting_user=None,
                username=username,
                password=DEMO_PASSWORD,
                agency=own,
                roles=roles,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",  # cannot exist; shown by the console backend
                totp_key=demo_totp_key(username, node_secret),
            )
            created.append(username)
        partner_agency = Agency.objects.filter(code=partner).first() if partner else None
    pair = DemoPair.of(own, partner_agency) if partner_agency is not None else None
    for config in apps.get_app_configs():
        hook = getattr(config, "demo_seed", None)
        if callable(hook):
            hook(own, pair)
    return {"agency": own_code, "partner": partner, "users_created": created}


def _names_kept(code: str) -> dict[str, str]:
    """A known agency's reference names; an unknown one keeps the names it already has."""
    existing = Agency.objects.filter(code=code).first()
    if existing is not None and code not in KNOWN_AGENCIES:
        return {
            "name_ar": existing.name_ar,
            "name_fr": existing.name_fr,
            "name_en": existing.name_en,
            "country": existing.country,
        }
    return agency_names(code)
