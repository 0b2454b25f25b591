"""The ``jisr`` command's commands: demo, serve, worker, screen, token, audit, totp, node,
partner, manage (their parser and what each does). The entry point is :mod:`jisr.cli`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence


def _setup_django(home: str | None, settings_module: str | None = None) -> None:
    if home:
        os.environ["JISR_HOME"] = os.path.realpath(home)
    if settings_module:
        os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    os.environ.setdefault(
        "DJANGO_SETTINGS_MODULE", os.environ.get("JISR_SETTINGS", "jisr.settings.dev")
    )
    import django

    django.setup()


def _cmd_manage(args: argparse.Namespace, rest: list[str]) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jisr manage", *rest])
    return 0


def _cmd_serve(args: argparse.Namespace, rest: list[str]) -> int:
    from django.conf import settings
    from waitress import serve

    from jisr.core.proxy import behind_proxies
    from jisr.wsgi import application

    if args.migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
    _warm_up_in_background()
    print(f"Jisr serving on http://{args.host}:{args.port}", flush=True)
    serve(
        # Forwarded headers count only from JISR_TRUSTED_PROXIES; they are removed otherwise.
        behind_proxies(application, settings.JISR_TRUSTED_PROXIES),
        host=args.host,
        port=args.port,
        threads=args.threads,
        ident="jisr",
        clear_untrusted_proxy_headers=False,
        channel_timeout=60,
    )
    return 0


def _warm_up_in_background() -> None:
    """Build caches (the screening index) while the server already answers."""
    import logging
    import threading

    from django.db import connection

    from jisr.core.registry import warm_up

    def _run() -> None:
        try:
            warm_up()
        except Exception:  # a cold cache is rebuilt on first use; never stop serving
            logging.getLogger("jisr").exception("warm-up failed")
        finally:
            connection.close()

    threading.Thread(target=_run, name="jisr-warm-up", daemon=True).start()


def _cmd_worker(args: argparse.Namespace, rest: list[str]) -> int:
    from django.conf import settings

    from jisr.core.worker import WorkerAlreadyRunning, apply_memory_budget, run_worker

    apply_memory_budget(settings.JISR_WORKER_MEMORY_BYTES)
    if not args.once:
        _warm_up_in_background()
    try:
        run_worker(once=args.once)
    except WorkerAlreadyRunning as exc:
        print(f"another worker already runs for this node ({exc})", file=sys.stderr)
        return 3
    return 0


def _cmd_token(args: argparse.Namespace, rest: list[str]) -> int:
    from django.core.exceptions import ValidationError

    from jisr.accounts.models import User
    from jisr.accounts.services import token_create

    user = User.objects.filter(username=args.username).first()
    if user is None:
        print(f"no such user: {args.username}", file=sys.stderr)
        return 2
    try:
        raw = token_create(
            acting_user="cli",
            user=user,
            label=args.label or "cli",
            days=args.days,
            scope="" if args.scope == "full" else args.scope,
        )
    except ValidationError as exc:
        print("; ".join(exc.messages), file=sys.stderr)
        return 2
    print(f"API token for {user.username}: {raw}")
    return 0


def _cmd_audit_verify(args: argparse.Namespace, rest: list[str]) -> int:
    from jisr.audit.verify import verify_chain

    report = verify_chain()
    if not report.ok:
        print(
            f"audit chain BROKEN at row {report.first_bad_seq}: {report.problem}", file=sys.stderr
        )
        return 1
    from jisr.audit.verify import witness_failures

    failures = witness_failures()
    for check in failures:
        print(f"{check.partner} witnessed a different chain: {check.detail}", file=sys.stderr)
    if failures:
        return 1
    print(f"audit chain intact: {report.rows} rows")
    if not args.witnesses:
        return 0
    return _audit_witnesses(args.wait)


def _audit_witnesses(wait: float) -> int:
    """Ask every partner for the anchors it witnessed and compare (needs the workers)."""
    from jisr.audit import witness

    checks = witness.request_checks("jisr audit verify")
    if not checks:
        print("no partner to ask: register one with `jisr partner add`", file=sys.stderr)
        return 2
    broken = unanswered = False
    for check in witness.wait_for(checks, wait):
        if check.completed_at is None:
            print(
                f"{check.partner}: no answer within {wait:g} s (are both nodes' workers running?)",
                file=sys.stderr,
            )
            unanswered = True
        elif check.ok:
            print(f"{check.partner}: consistent with the {check.anchors} anchors it witnessed")
        else:
            print(f"{check.partner}: BROKEN: {check.detail}", file=sys.stderr)
            broken = True
    return 1 if broken else 2 if unanswered else 0


def _cmd_audit_repair_head(args: argparse.Namespace, rest: list[str]) -> int:
    from jisr.audit.services import audit_head_repair
    from jisr.audit.verify import verify_chain

    try:
        entry = audit_head_repair(acting_user="jisr audit repair-head", reason=args.reason)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(
        f"audit chain head written again at row {entry.seq - 1}; repair recorded as row {entry.seq}"
    )
    report = verify_chain()
    print("audit chain intact" if report.ok else f"audit chain still BROKEN: {report.problem}")
    return 0 if report.ok else 1


def _cmd_audit_anchor(args: argparse.Namespace, rest: list[str]) -> int:
    from jisr.federation.witness import publish_anchor

    sent = publish_anchor()
    print("anchor sent to " + ", ".join(sent) if sent else "every partner has the current anchor")
    return 0


def _cmd_totp(args: argparse.Namespace, rest: list[str]) -> int:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from jisr.core.nodeconfig import is_demo

    if not is_demo():
        print("jisr totp works on demo nodes only", file=sys.stderr)
        return 2
    device = TOTPDevice.objects.filter(user__username=args.username, confirmed=True).first()
    if device is None:
        print(f"no TOTP device for {args.username}", file=sys.stderr)
        return 2
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    print(f"{code:0{device.digits}d}")
    return 0


def _cmd_node_init(args: argparse.Namespace, rest: list[str]) -> int:
    from django.core.management import call_command

    from jisr.node.init import node_init

    call_command("migrate", interactive=False, verbosity=0)
    result = node_init(agency_code=args.agency, demo=args.demo)
    print(f"node {result['agency']} ready; public key {result['public_key']}")
    return 0


def _cmd_node_show(args: argparse.Namespace, rest: list[str]) -> int:
    import json

    from jisr.node.init import node_describe

    print(json.dumps(node_describe(), indent=2))
    return 0


def _cmd_partner_add(args: argparse.Namespace, rest: list[str]) -> int:
    from django.core.exceptions import ValidationError

    from jisr.federation.services import partner_add

    try:
        partner = partner_add(
            acting_user=None, agency_code=args.agency, url=args.url, public_key=args.public_key
        )
    except ValidationError as exc:
        print("; ".join(exc.messages), file=sys.stderr)
        return 2
    print(f"partner {partner.agency.code} at {partner.url} registered")
    return 0


def _cmd_seed(args: argparse.Namespace, rest: list[str]) -> int:
    from django.conf import settings

    from jisr.accounts.selectors import own_agency
    from jisr.node.demo import seed

    agency = own_agency()
    if agency is None:
        print("run `jisr node init --agency CODE` first", file=sys.stderr)
        return 2
    result = seed(agency.code, settings.SECRET_KEY)
    print(f"demo data seeded for {result['agency']}: {len(result['users_created'])} users created")
    return 0


def _cmd_retention(args: argparse.Namespace, rest: list[str]) -> int:
    """``retention report`` (per kind: count, oldest, due, period, rule) and
    ``retention run [--dry-run]`` (the dry run lists what the run would do, changing nothing)."""
    import json

    from jisr.core import clock
    from jisr.privacy import schedule
    from jisr.privacy.services.retention import retention_run

    if args.retention_cmd == "report":
        rows = [row.as_dict() for row in schedule.report(clock.now())]
        if args.json:
            print(json.dumps(rows, indent=2, ensure_ascii=False))
            return 0
        print(f"{'kind':34} {'count':>8} {'due':>8} {'days':>6}  {'at_end':9} oldest")
        for row in rows:
            print(
                f"{row['kind']:34} {row['count']:>8} {row['due']:>8} {row['period_days']:>6}  "
                f"{row['at_end']:9} {row['oldest'] or '-'}"
            )
        return 0
    outcomes = retention_run(dry_run=args.dry_run)
    for o in outcomes:
        if args.dry_run:
            what = f"would {'queue for review' if o.rule == 'review' else o.rule} {o.due}"
        elif o.rule == "review":
            what = f"queued for review {o.queued}"
        else:
            what = f"{o.rule}d {o.handled}"  # deleted, anonymised
        errors = f"  errors: {', '.join(o.errors)}" if o.errors else ""
        print(f"{o.kind:34} {what} (period {o.period_days} days){errors}")
    return 1 if any(o.errors for o in outcomes) else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jisr", description=__doc__)
    parser.add_argument("--home", help="the node's data folder (default: $JISR_HOME)")
    parser.add_argument("--settings", help="Django settings module (default: jisr.settings.dev)")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="start the two-node demo (what `make run` calls)")
    demo.add_argument("--base", default="var", help="folder holding the nodes' data folders")
    demo.add_argument("--setup-only", action="store_true", help="prepare the nodes and exit")

    serve = sub.add_parser("serve", help="serve the web UI and API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--threads", type=int, default=8)
    serve.add_argument("--migrate", action="store_true", help="apply migrations first")

    worker = sub.add_parser("worker", help="run the background worker")
    worker.add_argument("--once", action="store_true", help="run every task once and exit")

    token = sub.add_parser("token", help="API tokens").add_subparsers(
        dest="token_cmd", required=True
    )
    create = token.add_parser("create", help="print a new API token for USERNAME")
    create.add_argument("username")
    create.add_argument("--label", default="")
    create.add_argument("--days", type=int, default=90, help="days until it expires (1-365)")
    create.add_argument(
        "--scope",
        choices=["full", "read", "screening"],
        default="full",
        help="read: GET requests only; screening: the screening endpoints only",
    )

    audit = sub.add_parser("audit", help="audit log").add_subparsers(
        dest="audit_cmd", required=True
    )
    verify = audit.add_parser("verify", help="check the hash chain; non-zero exit when broken")
    verify.add_argument(
        "--witnesses",
        action="store_true",
        help="also compare the chain with the anchors each partner witnessed",
    )
    verify.add_argument(
        "--wait", type=float, default=60.0, help="seconds to wait for the partners' answers"
    )
    audit.add_parser("anchor", help="announce the audit chain head to every partner now")
    repair = audit.add_parser(
        "repair-head",
        help="write a missing chain head again from the last row (audited; needs --reason)",
    )
    repair.add_argument("--reason", required=True, help="why, for the audit row")

    totp = sub.add_parser("totp", help="print a demo user's current TOTP code (demo nodes only)")
    totp.add_argument("username")

    node = sub.add_parser("node", help="this node").add_subparsers(dest="node_cmd", required=True)
    init = node.add_parser("init", help="set the node's agency and create its signing key")
    init.add_argument("--agency", required=True)
    init.add_argument("--demo", action="store_true", help="mark this node as a demo node")
    node.add_parser("show", help="print the node's agency and public key as JSON")

    partner = sub.add_parser("partner", help="partner agencies").add_subparsers(
        dest="partner_cmd", required=True
    )
    padd = partner.add_parser("add", help="register a partner node")
    padd.add_argument("--agency", required=True)
    padd.add_argument("--url", required=True)
    padd.add_argument("--public-key", required=True)

    sub.add_parser("seed-demo", help="load the fictitious demo data into this node")
    retention = sub.add_parser("retention", help="the retention schedule").add_subparsers(
        dest="retention_cmd", required=True
    )
    report = retention.add_parser("report", help="per kind: records, oldest, due, period, rule")
    report.add_argument("--json", action="store_true", help="print JSON")
    run = retention.add_parser("run", help="apply the schedule now")
    run.add_argument(
        "--dry-run", action="store_true", help="list what would happen; change nothing"
    )
    sub.add_parser(
        "screen", help="screen people against a register (no database needed)", add_help=False
    )
    sub.add_parser("manage", help="Django management commands", add_help=False)
    return parser


def _command_index(argv: list[str]) -> int | None:
    """Index of the subcommand, skipping the global options before it."""
    index = 0
    while index < len(argv):
        token = argv[index]
        if token in ("--home", "--settings"):
            index += 2
            continue
        if token.startswith("-"):
            index += 1
            continue
        return index
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    # `screen` and `manage` take their own arguments verbatim.
    command_at = _command_index(argv)
    if command_at is not None and argv[command_at] in ("screen", "manage"):
        head, rest = argv[: command_at + 1], argv[command_at + 1 :]
        args = parser.parse_args(head)
        if args.command == "screen":
            from jisr.matching.cli import screen_main

            return screen_main(rest)
        _setup_django(args.home, args.settings)
        return _cmd_manage(args, rest)
    args = parser.parse_args(argv)
    if args.command == "demo":
        from pathlib import Path

        from jisr.node.launcher import run_demo

        return run_demo(base=Path(args.base), setup_only=args.setup_only)
    _setup_django(args.home, args.settings)
    handlers = {
        "serve": _cmd_serve,
        "worker": _cmd_worker,
        "token": _cmd_token,
        "audit": {
            "anchor": _cmd_audit_anchor,
            "repair-head": _cmd_audit_repair_head,
        }.get(getattr(args, "audit_cmd", ""), _cmd_audit_verify),
        "totp": _cmd_totp,
        "node": _cmd_node_init if getattr(args, "node_cmd", "") == "init" else _cmd_node_show,
        "partner": _cmd_partner_add,
        "seed-demo": _cmd_seed,
        "retention": _cmd_retention,
    }
    return handlers[args.command](args, [])
