#!/usr/bin/env python3
"""Request desk bench: cross-checking a new request against a large node.

    .venv/bin/python bench/desk_bench.py [--messages 100000] [--entities-per-message 5]
        [--requests 200] [--per-request 20] [--database-url URL]

Builds a fresh node (SQLite in a temporary folder, or the PostgreSQL database given by
``--database-url``), bulk-loads N messages in 1,000 cases carrying N x 5 structured entities
(phones, e-mails, IBANs, vehicles, documents and one person in five, all synthetic), then
cross-checks ``--requests`` new requests of ``--per-request`` entities each, exactly as the
request page does (``jisr.core.entities.cross_check`` for a liaison officer: every declared
source, the exchange's one filtering on the cases the officer may open), and prints the
latency distribution. A third of each request's values also occur on the node.
Target (issue 16): p95 <= 100 ms with 100,000 messages and 500,000 entities. The last line:

    messages=100000 entities=500000 per_request=20 p50_ms=… p95_ms=… max_ms=… found_avg=…
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

SYLLABLES = "ben el ma ri za ka lou ha mi sa ta ni bou da fa ja ou la ra si di mo na ya".split()


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()


def synthetic_value(rng: random.Random, kind: str, i: int) -> tuple[str, str]:
    """(value, country) of a synthetic entity; every value is invented."""
    if kind == "phone":
        return f"+33 6 12 {i % 10**6:06d}", "FR"
    if kind == "email":
        return f"user{i}@bench{rng.randint(1, 50)}.example", ""
    if kind == "iban":
        from schwifty import IBAN

        return str(IBAN.generate("FR", bank_code="30004", account_code=f"{i:011d}")), ""
    if kind == "vehicle":
        return f"BN-{i:06d}-X", "FR"
    if kind == "document":
        return f"DOC{i:08d}", "MA"
    return f"{_word(rng, 2)} {_word(rng, 3)}", ""


KINDS = ["phone", "email", "iban", "vehicle", "document", "person"]


def load(messages: int, per_message: int, seed: int) -> None:
    """Bulk-insert the messages and their entities."""
    from django.db import transaction

    from jisr.accounts.models import Agency
    from jisr.core.entities import normalise
    from jisr.exchange.entities import person_blocking_keys
    from jisr.exchange.models import Case, EntityNameKey, Message, MessageEntity

    rng = random.Random(seed)
    own = Agency.objects.get(is_own=True)
    partner = Agency.objects.get(code="FR-DGPN")
    cases = []
    for n in range(1000):
        case = Case.objects.create(
            reference=f"BENCH-{n:05d}", title=f"Bench case {n}", crime_area="fraud", owner=own
        )
        case.participants.set([own, partner])
        cases.append(case)
    counter = 0
    batch = 2000
    for start in range(0, messages, batch):
        with transaction.atomic():
            rows = [
                Message(
                    case=cases[i % len(cases)],
                    sender=partner if i % 2 else own,
                    author_name="Bench",
                    kind="request_information",
                    subject=f"Bench {i}",
                    body="Synthetic",
                    handling_code="H1",
                    source_reliability="B",
                    information_accuracy="2",
                    priority="normal",
                    language="fr",
                    time_limit="7d",
                )
                for i in range(start, min(start + batch, messages))
            ]
            Message.objects.bulk_create(rows)
            entities = []
            for message in rows:
                for _ in range(per_message):
                    counter += 1
                    kind = KINDS[counter % 5] if counter % 5 else "person"
                    value, country = synthetic_value(rng, kind, counter)
                    key = value if kind == "person" else normalise(kind, value, country=country)
                    entities.append(
                        MessageEntity(
                            message=message, type=kind, value=value, key=key, country=country
                        )
                    )
            MessageEntity.objects.bulk_create(entities)
            EntityNameKey.objects.bulk_create(
                [
                    EntityNameKey(entity=e, key=k)
                    for e in entities
                    if e.type == "person"
                    for k in person_blocking_keys(e.value)
                ]
            )
        print(f"loaded {min(start + batch, messages)} messages, {counter} entities", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--entities-per-message", type=int, default=5)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--per-request", type=int, default=20)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument(
        "--home", default="", help="reuse a node this bench loaded before (measure again only)"
    )
    args = parser.parse_args()

    home = args.home or tempfile.mkdtemp(prefix="jisr-desk-bench-")
    os.environ["JISR_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jisr.settings.dev")
    if args.database_url:
        os.environ["JISR_DATABASE_URL"] = args.database_url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from jisr.accounts.roles import Role
    from jisr.accounts.services import agency_upsert, user_create
    from jisr.node.demo import AGENCIES

    if args.home:
        measure(args, reused=True)
        return
    agencies = {
        code: agency_upsert(code=code, is_own=(code == "MA-DGSN"), **names)
        for code, names in AGENCIES.items()
    }
    user_create(
        acting_user=None,
        username="bench.officer",
        password=secrets.token_urlsafe(16),
        agency=agencies["MA-DGSN"],
        roles=[Role.LIAISON_OFFICER],
    )
    started = time.perf_counter()
    load(args.messages, args.entities_per_message, args.seed)
    print(f"load_s={time.perf_counter() - started:.1f}", flush=True)
    measure(args, reused=False)


def measure(args: argparse.Namespace, *, reused: bool) -> None:
    """Cross-check ``args.requests`` new requests; a third of their values are on the node."""
    from jisr.accounts.models import User
    from jisr.core.entities import EntityKey, cross_check, normalise
    from jisr.exchange.models import Message, MessageEntity

    officer = User.objects.get(username="bench.officer")
    sample = list(MessageEntity.objects.order_by("?").values_list("type", "value", "country")[:500])

    rng = random.Random(args.seed + 1)
    timings: list[float] = []
    found_total = 0
    counter = 10_000_000
    for _ in range(args.requests):
        keys = []
        for j in range(args.per_request):
            if j % 3 == 0 and sample:
                kind, value, country = rng.choice(sample)
            else:
                counter += 1
                kind = KINDS[counter % 6]
                value, country = synthetic_value(rng, kind, counter)
            if kind == "person":
                keys.append(EntityKey(kind="person", names=(value,)))
            else:
                keys.append(EntityKey(kind=kind, key=normalise(kind, value, country=country)))
        begin = time.perf_counter()
        found = cross_check(keys, officer)
        timings.append((time.perf_counter() - begin) * 1000)
        found_total += len(found)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"messages={Message.objects.count()} entities={MessageEntity.objects.count()} "
        f"per_request={args.per_request} p50_ms={statistics.median(timings):.1f} "
        f"p95_ms={p95:.1f} max_ms={timings[-1]:.1f} found_avg={found_total / len(timings):.1f}"
    )


if __name__ == "__main__":
    main()
