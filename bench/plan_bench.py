#!/usr/bin/env python3
"""Action-plan bench: one year of activity on a node, every indicator for a quarter, a full-year PDF.

    .venv/bin/python bench/plan_bench.py [--scale 1.0] [--requests 100000] [--hits 20000]
        [--alerts 10000] [--keep DIR]

Builds a fresh node MA-DGSN on SQLite in a temporary folder, seeds the demo plan, and
bulk-inserts one year of synthetic activity ending today: requests (exchange messages in
cases, half of them answered), hits on our alerts and partners' alerts (answered on time,
late or not at all, some with outcomes), alerts in every state, incidents, delivered
envelopes. Every name is built from syllables: all fictitious. Then it times

- every registered indicator evaluated for the current quarter (target: <= 2 s in all);
- the full-year evaluation report in Arabic as a PDF (target: <= 30 s), and the XLSX.

``--scale`` multiplies the three volumes (0.1 for a quick run). The last line reads:

    requests=100000 hits=20000 alerts=10000 indicators=28 quarter_s=… pdf_s=… pdf_pages=… xlsx_s=… steering_s=… steering_cached_s=…

Indicators of modules not installed in this tree are not evaluated (they are "not
available"); the requests are created anyway so the database has the volume.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

SYLLABLES = "ben el ma ri za ka lou ha mi sa ta ni bou da fa ja ou la ra si di mo na".split()


def _name(rng: random.Random) -> str:
    def word(n: int) -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()

    return f"{word(2)} {word(3)}"


def _setup(home: str) -> None:
    os.environ["JISR_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jisr.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _when(rng: random.Random, start: dt.datetime, days: int = 365) -> dt.datetime:
    return start + dt.timedelta(seconds=rng.randrange(days * 86400))


def load(requests: int, hits: int, alerts: int, seed: int = 7) -> dict[str, float]:
    from django.db import transaction

    from jisr.accounts.models import Agency
    from jisr.accounts.services import agency_upsert
    from jisr.core import clock
    from jisr.events.models import Event, Incident, Venue
    from jisr.exchange.models import Case, Message
    from jisr.federation.models import OutboxEnvelope
    from jisr.node.demo import AGENCIES
    from jisr.plan.demo import seed as plan_seed
    from jisr.wanted.models import Alert, Hit

    rng = random.Random(seed)
    for code, names in AGENCIES.items():
        agency_upsert(code=code, is_own=(code == "MA-DGSN"), **names)
    ma, fr = Agency.objects.get(code="MA-DGSN"), Agency.objects.get(code="FR-DGPN")
    plan_seed(ma)
    now = clock.now()
    start = now - dt.timedelta(days=365)
    timings: dict[str, float] = {}

    t0 = time.monotonic()
    statuses = ["active"] * 6 + ["refused", "withdrawn", "expired", "draft", "pending_review"]
    rows = []
    for i in range(alerts):
        created = _when(rng, start)
        status = rng.choice(statuses)
        reviewed = created + dt.timedelta(hours=rng.randint(1, 72))
        approved = status in ("active", "withdrawn", "expired")
        rows.append(
            Alert(
                owner=ma if i % 3 else fr,
                is_copy=not i % 3,
                category="arrest",
                names=[_name(rng)],
                status=status,
                shared_with=["FR-DGPN"] if approved and rng.random() < 0.7 else [],
                reviewed_at=reviewed if status not in ("draft", "pending_review") else None,
                expires_on=(reviewed + dt.timedelta(days=365)).date() if approved else None,
                review_checklist={"ordinary_crime": rng.random() > 0.2},
                created_at=created,
                updated_at=reviewed + dt.timedelta(days=rng.randint(0, 30)),
            )
        )
    with transaction.atomic():
        Alert.objects.bulk_create(rows, batch_size=2000)
    timings["alerts_load_s"] = time.monotonic() - t0

    t0 = time.monotonic()
    rows = []
    outcomes = ["", "", "located", "arrested", "surrendered_extradited", "not_the_person"]
    for i in range(hits):
        reported = _when(rng, start)
        incoming = i % 2 == 0
        answer = rng.random()
        responded = reported + dt.timedelta(hours=rng.uniform(0.2, 30)) if answer < 0.9 else None
        outcome = rng.choice(outcomes) if responded else ""
        rows.append(
            Hit(
                direction="incoming" if incoming else "outgoing",
                alert_ref=uuid.uuid4(),
                owner_code="MA-DGSN" if incoming else "FR-DGPN",
                reporter_code="FR-DGPN" if incoming else "MA-DGSN",
                circumstances="Contrôle fictif",
                location="Port fictif",
                seen_at=reported,
                reported_at=reported,
                due_at=reported + dt.timedelta(hours=12),
                status="closed" if outcome else ("responded" if responded else "reported"),
                responded_at=responded,
                outcome=outcome,
                outcome_at=responded + dt.timedelta(days=1) if outcome and responded else None,
            )
        )
    with transaction.atomic():
        Hit.objects.bulk_create(rows, batch_size=2000)
    timings["hits_load_s"] = time.monotonic() - t0

    t0 = time.monotonic()
    cases = [
        Case(
            reference=f"BENCH-{i:06d}",
            title=f"Dossier fictif {i}",
            crime_area="drug_trafficking",
            owner=ma if i % 2 else fr,
            created_at=_when(rng, start),
        )
        for i in range(max(requests // 10, 1))
    ]
    with transaction.atomic():
        Case.objects.bulk_create(cases, batch_size=2000)
    rows = []
    for i in range(requests):
        sent = _when(rng, start)
        answered = sent + dt.timedelta(hours=rng.uniform(1, 400)) if rng.random() < 0.5 else None
        rows.append(
            Message(
                case=cases[i % len(cases)],
                sender=ma if i % 2 else fr,
                author_name="Agent fictif",
                kind="request_information",
                subject="Demande fictive",
                body="Texte fictif.",
                handling_code="H1",
                language="fr",
                created_at=sent,
                received_at=sent,
                answered_at=answered,
                due_at=sent + dt.timedelta(days=rng.choice([1, 7, 30])),
            )
        )
    with transaction.atomic():
        Message.objects.bulk_create(rows, batch_size=2000)
    timings["requests_load_s"] = time.monotonic() - t0

    event = Event.objects.create(
        owner=ma,
        name="Tournoi fictif",
        starts_on=now.date(),
        ends_on=now.date(),
        created_at=now,
        updated_at=now,
    )
    venue = Venue.objects.create(event=event, name="Stade fictif", kind="stadium")
    Incident.objects.bulk_create(
        [
            Incident(
                event=event,
                owner=ma,
                venue=venue,
                occurred_at=_when(rng, start),
                category="crowd",
                severity=rng.randint(1, 4),
                description="Incident fictif",
                assigned_agency=ma,
                recorded_at=now,
            )
            for _i in range(2000)
        ]
    )
    envelopes = []
    for _i in range(20000):
        created = _when(rng, start)
        envelopes.append(
            OutboxEnvelope(
                id=uuid.uuid4(),
                type="bench.ping",
                sender="MA-DGSN",
                recipient="FR-DGPN",
                created=created,
                body={},
                state="sent",
                next_attempt_at=created,
                sent_at=created + dt.timedelta(seconds=rng.uniform(0.1, 30)),
            )
        )
    OutboxEnvelope.objects.bulk_create(envelopes, batch_size=2000)
    return timings


def measure() -> dict[str, float]:
    from jisr.accounts.models import Agency, User
    from jisr.accounts.roles import Role
    from jisr.accounts.services import user_create
    from jisr.core import clock
    from jisr.plan import services
    from jisr.plan.evaluation import Evaluator
    from jisr.plan.models import Plan, Report
    from jisr.plan.periods import period_containing
    from jisr.plan.reports import reports_step

    quarter = period_containing(clock.now().date(), "quarter").previous()
    evaluator = Evaluator()
    t0 = time.monotonic()
    values = {code: evaluator.value(code, quarter) for code in evaluator.definitions}
    quarter_s = time.monotonic() - t0
    slowest = sorted(
        ((code, _time_one(code, quarter)) for code in evaluator.definitions),
        key=lambda pair: -pair[1],
    )[:5]
    print(f"quarter {quarter.label}: {len(values)} indicators in {quarter_s:.3f} s")
    for code, seconds in slowest:
        print(f"  {code:40s} {seconds:.3f} s  value={values[code]}")

    from jisr.plan.overview import plan_overview

    this_quarter = period_containing(clock.now().date(), "quarter")
    t0 = time.monotonic()
    plan_overview(Plan.objects.get(), this_quarter, evaluator=Evaluator(cache_seconds=120))
    overview_s = time.monotonic() - t0
    t0 = time.monotonic()
    plan_overview(Plan.objects.get(), this_quarter, evaluator=Evaluator(cache_seconds=120))
    cached_s = time.monotonic() - t0
    print(
        f"steering page figures (8 periods per indicator, sparklines): {overview_s:.2f} s, "
        f"then {cached_s:.2f} s with closed periods cached"
    )

    user = user_create(
        acting_user=None,
        username="bench.steer",
        password=uuid.uuid4().hex,  # nobody logs in: the bench acts through services
        agency=Agency.objects.get(code="MA-DGSN"),
        roles=[Role.SUPERVISOR],
    )
    user = User.objects.get(pk=user.pk)
    plan = Plan.objects.get()
    today = clock.now().date()
    results = {
        "indicators": float(len(values)),
        "quarter_s": quarter_s,
        "overview_s": overview_s,
        "cached_s": cached_s,
    }
    for fmt in ("pdf", "xlsx"):
        report = services.report_request(
            acting_user=user,
            plan=plan,
            period_from=today - dt.timedelta(days=364),
            period_to=today,
            language="ar",
            fmt=fmt,
        )
        t0 = time.monotonic()
        reports_step()
        results[f"{fmt}_s"] = time.monotonic() - t0
        report = Report.objects.get(pk=report.pk)
        assert report.status == "done", report.failure_reason
        results[f"{fmt}_pages"] = float(report.pages)
    return results


def _time_one(code: str, period: object) -> float:
    from jisr.plan.evaluation import Evaluator

    t0 = time.monotonic()
    Evaluator().value(code, period)  # type: ignore[arg-type]
    return time.monotonic() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--hits", type=int, default=20_000)
    parser.add_argument("--alerts", type=int, default=10_000)
    parser.add_argument("--keep", help="use this folder as the node's home and keep it")
    args = parser.parse_args()
    home = args.keep or tempfile.mkdtemp(prefix="jisr-plan-bench-")
    Path(home).mkdir(parents=True, exist_ok=True)
    _setup(home)
    requests, hits, alerts = (int(n * args.scale) for n in (args.requests, args.hits, args.alerts))
    t0 = time.monotonic()
    loads = load(requests, hits, alerts)
    print(
        f"loaded in {time.monotonic() - t0:.1f} s: "
        + ", ".join(f"{k}={v:.1f}" for k, v in loads.items())
    )
    r = measure()
    print(
        f"requests={requests} hits={hits} alerts={alerts} indicators={int(r['indicators'])} "
        f"quarter_s={r['quarter_s']:.3f} pdf_s={r['pdf_s']:.2f} pdf_pages={int(r['pdf_pages'])} "
        f"xlsx_s={r['xlsx_s']:.2f} steering_s={r['overview_s']:.2f} "
        f"steering_cached_s={r['cached_s']:.2f}"
    )
    ok = r["quarter_s"] <= 2.0 and r["pdf_s"] <= 30.0
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
