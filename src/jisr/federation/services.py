"""Placeholder until federation lands: partner registration is owned by the federation app."""
