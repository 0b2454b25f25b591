from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from jisr.federation.services import outbox_enqueue


class Command(BaseCommand):
    help = "Demo and test nodes only: write COUNT bench.ping envelopes to the outbox."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--recipient", required=True)
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--start", type=int, default=0, help="first sequence number")
        parser.add_argument("--batch", type=int, default=500, help="envelopes per transaction")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.JISR_DEMO:
            raise CommandError("bench envelopes can only be sent from a demo node")
        start, count, batch = options["start"], options["count"], max(1, options["batch"])
        for first in range(start, start + count, batch):
            with transaction.atomic():
                for seq in range(first, min(first + batch, start + count)):
                    outbox_enqueue(
                        envelope_type="bench.ping",
                        recipient=options["recipient"],
                        body={"seq": seq},
                    )
        self.stdout.write(f"enqueued {count}")
