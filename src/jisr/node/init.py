"""Setting a node up: its own agency, its signing key and its configuration file."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from jisr.accounts.models import Agency
from jisr.accounts.reference import KNOWN_AGENCIES
from jisr.accounts.services import agency_upsert
from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record
from jisr.core.nodeconfig import read_config, write_config
from jisr.federation import keys


def node_init(*, agency_code: str, demo: bool = False) -> dict[str, Any]:
    """Make ``agency_code`` this node's agency and create its Ed25519 key if missing.

    Idempotent: running it again keeps the existing key.
    """
    home = Path(settings.JISR_HOME)
    names = KNOWN_AGENCIES.get(
        agency_code,
        {"name_ar": agency_code, "name_fr": agency_code, "name_en": agency_code, "country": ""},
    )
    with transaction.atomic():
        existing = Agency.objects.filter(code=agency_code).first()
        if existing is not None:
            names = {
                "name_ar": existing.name_ar,
                "name_fr": existing.name_fr,
                "name_en": existing.name_en,
                "country": existing.country,
            }
        agency_upsert(code=agency_code, is_own=True, **names)
        private = keys.load_private_key(home)
        created = private is None
        if private is None:
            private = keys.generate_private_key(home)
        write_config(agency=agency_code, demo=demo or bool(read_config().get("demo")))
        audit_record(
            "system",
            AuditAction.NODE_INIT,
            target=("agency", agency_code),
            extra={"key_created": created, "key_id": keys.key_id_for(private.public_key())},
        )
    # Federation records the key in its key table when it is installed.
    try:
        federation = importlib.import_module("jisr.federation.services")
    except ModuleNotFoundError:
        federation = None
    hook = getattr(federation, "node_identity_sync", None)
    if callable(hook):
        hook()
    return node_describe()


def node_describe() -> dict[str, Any]:
    home = Path(settings.JISR_HOME)
    private = keys.load_private_key(home)
    config = read_config()
    return {
        "agency": config.get("agency"),
        "demo": bool(config.get("demo")),
        "public_key": keys.public_key_b64(private.public_key()) if private else None,
        "key_id": keys.key_id_for(private.public_key()) if private else None,
    }
