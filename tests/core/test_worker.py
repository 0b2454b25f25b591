"""The worker runs each lane in its own thread: a long batch slice never holds up the relay."""

from __future__ import annotations

import threading

from jisr.core.tasks import PeriodicTask, discover
from jisr.core.worker import run_lanes


def test_the_relay_runs_while_a_batch_slice_is_still_running() -> None:
    stop = threading.Event()
    relay_ran = threading.Event()
    seen_by_batch: list[bool] = []

    def long_batch_slice() -> None:
        # Stands for a slice that takes minutes: it ends as soon as the relay has run,
        # or after 10 s if the relay is stuck behind it.
        seen_by_batch.append(relay_ran.wait(timeout=10))
        stop.set()

    tasks = [
        PeriodicTask("batch", long_batch_slice, every_seconds=0.1),
        PeriodicTask("relay", relay_ran.set, every_seconds=0.1, lane="relay"),
    ]
    run_lanes(tasks, stop)
    assert seen_by_batch == [True]


def test_the_outbox_relay_is_registered_in_its_own_lane() -> None:
    lanes = {task.name: task.lane for task in discover()}
    assert lanes["jisr.federation.tasks.relay"] == "relay"
    assert lanes["jisr.wanted.tasks.screen_batches"] == "main"
    assert lanes["jisr.events.tasks.screen_accreditation_lists"] == "main"
