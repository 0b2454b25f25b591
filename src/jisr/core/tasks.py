"""Periodic tasks run by ``jisr worker``. Apps register theirs in their ``tasks.py``."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps

log = logging.getLogger("jisr.worker")


@dataclass
class PeriodicTask:
    name: str
    func: Callable[[], object]
    every_seconds: float
    next_run: float = 0.0
    # Tasks of one lane run one after the other in one thread; each lane has its own
    # thread, so a long batch slice in "main" never delays the outbox relay.
    lane: str = "main"


_TASKS: dict[str, PeriodicTask] = {}


def periodic(
    every_seconds: float, *, lane: str = "main"
) -> Callable[[Callable[[], object]], Callable[[], object]]:
    """Register a function for the worker to call every ``every_seconds`` in ``lane``."""

    def decorator(func: Callable[[], object]) -> Callable[[], object]:
        name = f"{func.__module__}.{func.__qualname__}"
        _TASKS[name] = PeriodicTask(name, func, every_seconds, lane=lane)
        return func

    return decorator


def discover() -> list[PeriodicTask]:
    """Import every Jisr app's ``tasks`` module and return the registered tasks."""
    for config in apps.get_app_configs():
        if not config.name.startswith("jisr."):
            continue
        try:
            importlib.import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tasks":
                raise
    return list(_TASKS.values())


@periodic(every_seconds=2)
def deadline_sweep() -> dict[str, int]:
    """Every app's deadline reminders, overdue notices and escalations (jisr.core.deadlines)."""
    from jisr.core import clock
    from jisr.core.deadlines import deadlines_sweep

    return deadlines_sweep(clock.now())
