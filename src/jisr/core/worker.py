"""The worker loop: outbox relay, deadlines, batch screening — whatever apps register."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection

from jisr.core.tasks import PeriodicTask, discover

log = logging.getLogger("jisr.worker")


class WorkerAlreadyRunning(RuntimeError):
    pass


@contextlib.contextmanager
def single_worker_lock(home: Path) -> Iterator[None]:
    """On SQLite only one worker may run per node: hold an exclusive file lock."""
    path = home / "worker.lock"
    with open(path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise WorkerAlreadyRunning(str(path)) from exc
        yield


def apply_memory_budget(limit_bytes: int | None) -> None:
    """Cap the worker's address space: a slice that needs more fails with MemoryError.

    The batch task then counts the attempt and, after three, marks the job failed with
    its reason, while the relay's thread carries on.
    """
    if not limit_bytes:
        return
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit_bytes = min(limit_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, hard))
    log.info("worker memory budget: %d MB", limit_bytes // (1024 * 1024))


def _run_lane(name: str, tasks: list[PeriodicTask], stop: threading.Event, *, once: bool) -> None:
    """Run one lane's tasks in turn until ``stop`` is set; each thread has its own connection."""
    try:
        while not stop.is_set():
            close_old_connections()
            now = time.monotonic()
            for task in tasks:
                if stop.is_set():
                    break
                if once or now >= task.next_run:
                    try:
                        task.func()
                    except Exception:
                        log.exception("task %s failed", task.name)
                    task.next_run = time.monotonic() + task.every_seconds
            if once:
                break
            stop.wait(settings.JISR_WORKER_POLL_SECONDS / 4)
    finally:
        connection.close()
        log.info("worker lane %s stopped", name)


def run_worker(*, once: bool = False) -> None:
    """Run registered periodic tasks until SIGTERM/SIGINT (or once, for tests).

    Each lane (``periodic(..., lane=...)``) runs in its own thread, so the outbox relay
    keeps delivering while a batch screening slice or a reconciliation runs.
    """
    stop = threading.Event()

    def _stop(signum: int, frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    tasks = discover()
    lanes = {task.lane for task in tasks}
    lock: contextlib.AbstractContextManager[None] = contextlib.nullcontext()
    if connection.vendor == "sqlite":
        lock = single_worker_lock(Path(settings.JISR_HOME))
    with lock:
        log.info("worker started with %d tasks in %d lanes", len(tasks), len(lanes))
        run_lanes(tasks, stop, once=once)


def run_lanes(tasks: list[PeriodicTask], stop: threading.Event, *, once: bool = False) -> None:
    """One thread per lane of ``tasks``, until ``stop`` is set (or each ran once)."""
    lanes: dict[str, list[PeriodicTask]] = {}
    for task in tasks:
        lanes.setdefault(task.lane, []).append(task)
    threads = [
        threading.Thread(
            target=_run_lane, args=(name, lane, stop), kwargs={"once": once}, name=f"lane-{name}"
        )
        for name, lane in lanes.items()
    ]
    for thread in threads:
        thread.start()
    # The calling thread only waits, so signals are handled at once.
    while any(t.is_alive() for t in threads):
        for thread in threads:
            thread.join(timeout=0.2)
