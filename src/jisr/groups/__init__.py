"""Working groups."""
