"""Risk anticipation."""
