"""The audit log's permission names (role permissions only: the log has no owner)."""

from __future__ import annotations

VIEW_AUDIT_LOG = "audit.view_audit_log"
