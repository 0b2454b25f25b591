"""Data protection."""
