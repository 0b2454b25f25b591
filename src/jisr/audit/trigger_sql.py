"""SQL for the PostgreSQL trigger that makes the audit table append-only."""

APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION jisr_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""
APPEND_ONLY_TRIGGER = """
CREATE TRIGGER audit_auditentry_append_only
BEFORE UPDATE OR DELETE ON audit_auditentry
FOR EACH ROW EXECUTE FUNCTION jisr_audit_append_only();
"""
DROP_TRIGGER = "DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry"
DROP_FUNCTION = "DROP FUNCTION IF EXISTS jisr_audit_append_only()"

# The record that the chain exists: never changed or removed either (PostgreSQL).
START_TRIGGER = """
CREATE TRIGGER audit_auditchainstart_append_only
BEFORE UPDATE OR DELETE ON audit_auditchainstart
FOR EACH ROW EXECUTE FUNCTION jisr_audit_append_only();
"""
DROP_START_TRIGGER = (
    "DROP TRIGGER IF EXISTS audit_auditchainstart_append_only ON audit_auditchainstart"
)
