from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jisr.federation.services import key_rotate


class Command(BaseCommand):
    help = "Make a new signing key current; the old one stays valid for an overlap period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--overlap-hours", type=float, default=72.0)

    def handle(self, *args: Any, **options: Any) -> None:
        key = key_rotate(acting_user="cli", overlap_hours=options["overlap_hours"])
        self.stdout.write(f"new key {key.key_id} is current; public key {key.public_key}")
