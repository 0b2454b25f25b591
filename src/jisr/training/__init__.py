"""Training and assistance."""
