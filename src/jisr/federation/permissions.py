"""Federation's permission names (role permissions only: links belong to the node)."""

from __future__ import annotations

MANAGE_FEDERATION = "federation.manage_federation"
