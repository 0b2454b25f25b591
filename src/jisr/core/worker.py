"""The worker loop: outbox relay, deadlines, batch screening — whatever apps register."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection

from jisr.core.tasks import discover

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


def run_worker(*, once: bool = False) -> None:
    """Run registered periodic tasks until SIGTERM/SIGINT (or once, for tests)."""
    stop = {"flag": False}

    def _stop(signum: int, frame: Any) -> None:
        stop["flag"] = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    tasks = discover()
    lock: contextlib.AbstractContextManager[None] = contextlib.nullcontext()
    if connection.vendor == "sqlite":
        lock = single_worker_lock(Path(settings.JISR_HOME))
    with lock:
        log.info("worker started with %d tasks", len(tasks))
        while not stop["flag"]:
            close_old_connections()
            now = time.monotonic()
            for task in tasks:
                if stop["flag"]:
                    break
                if once or now >= task.next_run:
                    try:
                        task.func()
                    except Exception:
                        log.exception("task %s failed", task.name)
                    task.next_run = time.monotonic() + task.every_seconds
            if once:
                break
            time.sleep(settings.JISR_WORKER_POLL_SECONDS / 4)
