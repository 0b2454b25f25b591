"""Node initialisation, the embedded demo launcher and demo seeding.

The top floor of the project and the only package that may import every app: core ←
audit ← accounts ← federation ← feature apps ← node. It is not a Django app (it has no
models); the ``jisr`` command calls into it.
"""
