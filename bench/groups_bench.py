#!/usr/bin/env python3
"""Working-group bench: the group page and the timeline with many targets and leads.

    .venv/bin/python bench/groups_bench.py [--groups 20] [--targets 200] [--leads 2000]
        [--requests 50] [--database-url URL]

Builds a fresh node MA-DGSN in a temporary folder (SQLite, or PostgreSQL with
``--database-url``), creates N active MA–FR groups, each with T targets (person-of-interest
names built from syllables, all fictitious), L leads (half of them FR-DGPN copies) and their
timeline lines, then requests as a member, through Django's test client (the whole request:
middleware, access check, audit row, template):

- the group page (targets tab, leads tab) and the timeline tab and its API path,

and prints the p50/p95 per page. Target (issue 15): p95 <= 200 ms. The last line reads:

    groups=20 targets=200 leads=2000 page_targets_p95_ms=… page_leads_p95_ms=… timeline_p95_ms=… api_timeline_p95_ms=…

The cross-node latency of a lead (issue: p95 <= 3 s with the workers running) is measured by
bench/groups_propagation.py on two real nodes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
SYLLABLES = "ben el ma ri za ka lou ha mi sa ta ni bou da fa ja ou la ra si di mo na ya".split()


def _name(rng: random.Random) -> str:
    word = lambda n: "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()  # noqa: E731
    return f"{word(2)} {word(3)}-Bench"


def _setup(database_url: str | None) -> None:
    home = tempfile.mkdtemp(prefix="jisr-groups-bench-")
    os.environ["JISR_HOME"] = home
    os.environ.setdefault("JISR_SETTINGS", "jisr.settings.dev")
    if database_url:
        os.environ["JISR_DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = os.environ["JISR_SETTINGS"]
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _load(n_groups: int, n_targets: int, n_leads: int) -> tuple[object, list[str]]:
    from django.db import transaction

    from jisr.accounts.roles import Role
    from jisr.accounts.services import agency_upsert, user_create
    from jisr.core import clock
    from jisr.groups import models as gm
    from jisr.node.demo import AGENCIES

    for code, names in AGENCIES.items():
        agency_upsert(code=code, is_own=(code == "MA-DGSN"), **names)
    ma = gm.Agency.objects.get(code="MA-DGSN")
    fr = gm.Agency.objects.get(code="FR-DGPN")
    user = user_create(
        acting_user=None,
        username="bench.officer",
        password="correct horse battery",  # noqa: S106
        agency=ma,
        roles=[Role.LIAISON_OFFICER],
    )
    rng = random.Random(15)
    now = clock.now()
    ids = []
    for g in range(n_groups):
        with transaction.atomic():
            group = gm.WorkingGroup.objects.create(
                owner=ma,
                name=f"Groupe bench {g}",
                kind="fugitives",
                status="active",
                created_at=now,
                updated_at=now,
                created_by="bench.officer",
            )
            gm.GroupPartner.objects.create(group=group, agency=fr, status="accepted")
            gm.Membership.objects.create(
                group=group, owner=ma, username=user.username, user=user, created_at=now
            )
            targets = [
                gm.Target(
                    id=uuid.uuid4(),
                    group=group,
                    owner=ma,
                    created_at=now,
                    names=[_name(rng)],
                    priority=rng.randint(1, 3),
                    lead_agency=ma,
                    whereabouts="Ville fictive",
                )
                for _ in range(n_targets)
            ]
            gm.Target.objects.bulk_create(targets)
            leads, lines = [], []
            for i in range(n_leads):
                at = now - dt.timedelta(minutes=n_leads - i)
                owner = ma if i % 2 else fr
                target = rng.choice(targets)
                leads.append(
                    gm.Lead(
                        id=uuid.uuid4(),
                        group=group,
                        owner=owner,
                        created_at=at,
                        target=target,
                        text=f"Piste fictive {i}",
                        source_evaluation=rng.choice("ABCX"),
                        information_evaluation=rng.choice("1234"),
                        created_by="bench",
                    )
                )
                lines.append(
                    gm.TimelineEntry(
                        group=group,
                        target=target,
                        at=at,
                        agency=owner.code,
                        kind="lead.add",
                        detail="B2",
                    )
                )
            gm.Lead.objects.bulk_create(leads, batch_size=1000)
            gm.TimelineEntry.objects.bulk_create(lines, batch_size=1000)
        ids.append(str(group.id))
    return user, ids


def _measure(client: object, paths: list[str], count: int) -> list[float]:
    times = []
    for i in range(count):
        path = paths[i % len(paths)]
        start = time.perf_counter()
        response = client.get(path)  # type: ignore[attr-defined]
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--groups", type=int, default=20)
    parser.add_argument("--targets", type=int, default=200)
    parser.add_argument("--leads", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    _setup(args.database_url)
    started = time.perf_counter()
    user, ids = _load(args.groups, args.targets, args.leads)
    print(f"loaded {args.groups} groups in {time.perf_counter() - started:.1f} s", flush=True)
    from django.test import Client

    from jisr.accounts.models import ApiToken
    from jisr.core import clock

    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    session = client.session
    session["jisr_login_at"] = clock.now().timestamp()
    session.save()
    _token, raw = ApiToken.objects.issue(user)
    api = Client(SERVER_NAME="localhost", HTTP_AUTHORIZATION=f"Bearer {raw}")
    results = {}
    for key, suffix, who in (
        ("page_targets", "/?tab=targets", client),
        ("page_leads", "/?tab=leads", client),
        ("timeline", "/?tab=timeline", client),
        ("api_timeline", "/timeline", api),
    ):
        prefix = "/api/v1/groups/" if who is api else "/groups/"
        times = _measure(who, [f"{prefix}{g}{suffix}" for g in ids], args.requests)
        results[key] = times
        print(
            f"{key:14} p50={statistics.median(times):7.1f} ms  p95={_p95(times):7.1f} ms",
            flush=True,
        )
    load = os.getloadavg()[0]
    print(
        f"groups={args.groups} targets={args.targets} leads={args.leads} "
        + " ".join(f"{k}_p95_ms={_p95(v):.0f}" for k, v in results.items())
        + f" load_avg={load:.1f}"
    )


if __name__ == "__main__":
    main()
