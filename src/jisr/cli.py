"""The ``jisr`` command: demo, serve, worker, screen, token, audit, totp, node, partner, manage.

The commands are in :mod:`jisr.commands`. This module is only the entry point, and small:
``python -m jisr.cli`` compiles it at every start when Python keeps no bytecode, and the
start-up of ``jisr screen`` is part of a screening's time.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run one ``jisr`` command (``sys.argv`` by default); returns its exit status."""
    from jisr.commands import main as run_command

    return run_command(argv)


def run() -> None:
    """The ``jisr`` command: :func:`main` with this process's arguments, then exit.

    ``jisr screen ...`` goes straight to the screening command line, which ends the
    process itself once its output is flushed: it needs none of the other commands'
    parsers, and a screening's start-up and exit are part of its time.
    """
    argv = sys.argv[1:]
    if argv[:1] == ["screen"]:
        import gc

        # off while the engine's modules build their tables, too (see screen_main)
        gc.disable()
        from jisr.matching.cli import main as screen

        screen(argv[1:])
    raise SystemExit(main(argv))


if __name__ == "__main__":
    run()
