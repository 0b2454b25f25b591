"""Fictitious demo data for the two-node embedded demo.

Every person here is invented. The agencies are the two of the model action plan.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from django.apps import apps
from django.db import transaction

from jisr.accounts.models import Agency, User
from jisr.accounts.reference import KNOWN_AGENCIES
from jisr.accounts.roles import Role
from jisr.accounts.services import agency_upsert, user_create
from jisr.node.demo_constants import DEMO_PASSWORD

#: The two agencies of the model action plan.
AGENCIES = KNOWN_AGENCIES

# username suffix -> (roles, first name, last name); names are invented.
DEMO_USERS: dict[str, dict[str, tuple[list[Role], str, str]]] = {
    "MA-DGSN": {
        "ma.officer": ([Role.LIAISON_OFFICER, Role.ANALYST], "Karim", "Bennani-Test"),
        "ma.reviewer": ([Role.COMPLIANCE_REVIEWER], "Salma", "Idrissi-Test"),
        "ma.dpo": ([Role.DPO], "Nadia", "Alaoui-Test"),
        "ma.admin": ([Role.ADMINISTRATOR], "Omar", "Tazi-Test"),
        "ma.supervisor": ([Role.SUPERVISOR, Role.LIAISON_OFFICER], "Rachid", "Fassi-Test"),
        "ma.analyst": ([Role.ANALYST], "Youssef", "Chraibi-Test"),
    },
    "FR-DGPN": {
        "fr.officer": ([Role.LIAISON_OFFICER, Role.ANALYST], "Julie", "Martin-Test"),
        "fr.reviewer": ([Role.COMPLIANCE_REVIEWER], "Thomas", "Bernard-Test"),
        "fr.dpo": ([Role.DPO], "Claire", "Petit-Test"),
        "fr.admin": ([Role.ADMINISTRATOR], "Luc", "Durand-Test"),
        "fr.supervisor": ([Role.SUPERVISOR, Role.LIAISON_OFFICER], "Anne", "Moreau-Test"),
        "fr.analyst": ([Role.ANALYST], "Marc", "Lefebvre-Test"),
    },
}


def demo_totp_key(username: str, node_secret: str) -> str:
    """A per-node, per-user TOTP secret (hex), derived so re-seeding is stable."""
    digest = hashlib.sha256(f"{node_secret}:{username}".encode()).digest()[:20]
    return base64.b16encode(digest).decode().lower()


def seed(own_code: str, node_secret: str) -> dict[str, Any]:
    """Create agencies and demo users for ``own_code``, then each app's demo data."""
    created: list[str] = []
    with transaction.atomic():
        for code, names in AGENCIES.items():
            agency_upsert(code=code, is_own=(code == own_code), **names)
        own = Agency.objects.get(code=own_code)
        for username, (roles, first, last) in DEMO_USERS.get(own_code, {}).items():
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
    for config in apps.get_app_configs():
        hook = getattr(config, "demo_seed", None)
        if callable(hook):
            hook(own)
    return {"agency": own_code, "users_created": created}
