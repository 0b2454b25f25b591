"""Jisr: federated platform for bilateral police cooperation."""

__version__ = "0.1.0"
