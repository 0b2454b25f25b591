"""Two real nodes, a real browser: FR asks MA urgently, MA answers, H2 stays put, deadlines fire;
MA asks FR through the request desk (release, assignment, clarification, partial refusal)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest

from tests.support.browser import login

pytestmark = [pytest.mark.browser]

URGENT_HOURS = 8
PHONE = "+33 6 47 20 19 58"  # fictitious; seeded in an older FR case by the test


def eventually(check: Callable[[], Any], *, timeout: float = 60, every: Callable[[], None]) -> Any:
    """Bounded poll: call ``every`` (e.g. a page reload) until ``check`` is truthy."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        every()


def compose(page: Any, **fields: str) -> None:
    form = page.locator("form[data-testid=compose]")
    # The reply box is compact: the fields beyond type, subject, text and code are folded.
    form.locator("details[data-testid=compose-more]").evaluate("d => { d.open = true; }")
    for name, value in fields.items():
        element = form.locator(f"[name={name}]")
        tag = element.evaluate("e => e.tagName")
        if tag == "SELECT":
            element.select_option(value)
        else:
            element.fill(value)


def api_release(node: Any, token: str, message_id: str) -> None:
    """A second person (the supervisor) releases a held message, as four eyes require."""
    request = urllib.request.Request(
        f"{node.url}/api/v1/messages/{message_id}/release",
        data=json.dumps({"reason": "Necessary and proportionate (test)"}).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


def api_post(node: Any, token: str, path: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        f"{node.url}{path}",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def api_get(node: Any, token: str, path: str) -> Any:
    request = urllib.request.Request(
        f"{node.url}{path}", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def desk_flow(ma: Any, fr: Any, browser: Any, ma_page: Any, fr_page: Any) -> None:
    """Issue 16's done-when flow: MA asks FR for a phone line's user through FR's desk."""

    def reload(page: Any) -> Callable[[], None]:
        def again() -> None:
            page.wait_for_timeout(1000)
            page.reload()

        return again

    # An older FR case already holds the phone number.
    fr_officer = fr.token("fr.officer")
    old = api_post(
        fr,
        fr_officer,
        "/api/v1/cases",
        {"title": "Older line (test)", "crime_area": "fraud", "partners": ["MA-DGSN"]},
    )
    api_post(
        fr,
        fr_officer,
        f"/api/v1/cases/{old['id']}/messages",
        {
            "kind": "spontaneous_information",
            "subject": "Line seen (test)",
            "body": "Line used by a courier.",
            "handling_code": "H1",
            "source_reliability": "B",
            "information_accuracy": "2",
            "language": "fr",
            "entities": [{"type": "phone", "value": PHONE}],
        },
    )
    # ma.officer sends an urgent request for directly accessible information: held.
    ma_page.goto(f"{ma.url}/exchange/cases/new/")
    ma_page.fill("#id_title", "Desk flow (browser test)")
    ma_page.select_option("#id_crime_area", "fraud")
    ma_page.check("input[name=partners][value=FR-DGPN]")
    ma_page.click("form button[type=submit].primary")
    compose(
        ma_page,
        kind="request_information",
        subject="Who uses this line (desk test)",
        body="The suspect may be Nadia Fictive-Demo.",
        handling_code="H1",
        source_reliability="B",
        information_accuracy="2",
        priority="urgent",
        language="fr",
        directly_accessible="yes",
        entities=f"person: Nadia Fictive-Demo\nphone: {PHONE}",
    )
    ma_page.click("form[data-testid=compose] button[type=submit]")
    rid = ma_page.url.split("#m-")[1]
    ma_page.goto(f"{ma.url}/exchange/messages/{rid}/")
    assert ma_page.locator("[data-testid=release-status]").inner_text() == "Pending release"
    assert ma_page.locator("[data-testid=release]").count() == 0
    ma_supervisor, fr_supervisor = browser.new_page(), browser.new_page()
    try:
        login(ma_supervisor, ma, "ma.supervisor", language="en")
        ma_supervisor.goto(f"{ma.url}/exchange/messages/{rid}/")
        ma_supervisor.fill("#id_release-reason", "Necessary to identify the suspect")
        ma_supervisor.click("[data-testid=release]")
        assert "Released" in ma_supervisor.locator("[data-testid=release-status]").inner_text()
        # FR's desk: the 8-hour limit, counting down; fr.supervisor assigns it to fr.officer.
        login(fr_supervisor, fr, "fr.supervisor", language="en")
        fr_supervisor.goto(f"{fr.url}/exchange/desk/")
        row = fr_supervisor.locator("[data-testid=desk-row]", has_text="Who uses this line")
        eventually(lambda: row.count() == 1, every=reload(fr_supervisor))
        assert "8 hours" in row.locator("[data-testid=time-limit]").inner_text()
        left = row.locator("[data-testid=countdown]").inner_text()
        assert re.fullmatch(r"7 h \d\d min left", left), left
        row.locator("a").first.click()
        fr_supervisor.locator("summary", has_text="Assign to a handler").click()
        fr_supervisor.select_option("#id_assign-username", "fr.officer")
        fr_supervisor.click("[data-testid=form-assign] button[type=submit]")
        fr_supervisor.locator("[data-testid=handler]").wait_for()
    finally:
        ma_supervisor.context.close()
        fr_supervisor.context.close()
    # fr.officer asks for a clarification: the limit stops.
    fr_page.goto(f"{fr.url}/exchange/messages/{rid}/")
    correlations = fr_page.locator("[data-testid=correlation]", has_text=old["reference"])
    assert PHONE.replace(" ", "") in correlations.inner_text()
    fr_page.locator("summary", has_text="Ask for a clarification").click()
    fr_page.fill("#id_clarify-question", "Since when is the line in use?")
    fr_page.click("[data-testid=form-clarify] button[type=submit]")
    assert "suspended since" in fr_page.locator("[data-testid=time-left]").inner_text()
    # MA answers the clarification: the limit resumes on FR.
    ma_page.goto(f"{ma.url}/exchange/messages/{rid}/")
    question = ma_page.locator("[data-testid=timeline] a", has_text="Request for clarification")
    eventually(lambda: question.count() == 1, every=reload(ma_page))
    question.click()
    ma_page.click("text=Reply")
    compose(
        ma_page,
        body="Since March.",
        source_reliability="B",
        information_accuracy="2",
        language="fr",
    )
    ma_page.click("form[data-testid=compose] button[type=submit]")
    time_left = fr_page.locator("[data-testid=time-left]")
    eventually(lambda: "suspended" not in time_left.inner_text(), every=reload(fr_page))
    assert re.match(r"\d+ h \d\d min left", time_left.inner_text())
    # fr.officer refuses part of it with a ground; MA sees the ground's label.
    fr_page.locator("summary", has_text="Refuse (all or part)").click()
    fr_page.check("input[name=refuse-grounds][value=investigation]")
    fr_page.fill("#id_refuse-explanation", "Part of it is in a live file.")
    fr_page.check("#id_refuse-partial")
    fr_page.click("[data-testid=form-refuse] button[type=submit]")
    ground = ma_page.locator(
        "[data-testid=timeline]", has_text="It would jeopardise an ongoing investigation"
    )
    outcome = ma_page.locator("[data-testid=outcome]")
    ma_page.goto(f"{ma.url}/exchange/messages/{rid}/")
    # The page reads the request, then its time line, each in its own read: a refusal that
    # lands between the two shows in the line before the outcome does, until the next load.
    eventually(lambda: ground.count() == 1 and outcome.count() == 1, every=reload(ma_page))
    assert outcome.inner_text() == "Partly answered"


def test_an_urgent_request_travels_is_answered_acknowledged_reminded_and_h2_stays_put(
    demo_nodes: Any, browser: Any
) -> None:
    fr, ma = demo_nodes["fr"], demo_nodes["ma"]
    # A third agency known on MA (not a partner), to try to pass an H2 item on to.
    ma.jisr(
        "manage",
        "shell",
        "-c",
        "from jisr.accounts.services import agency_upsert; "
        "agency_upsert(code='ES-CNP', name_ar='ES-CNP', name_fr='ES-CNP', name_en='ES-CNP', country='ES')",
    )
    pdf = b"%PDF-1.4\n" + os.urandom(40_000) + b"\n%%EOF\n"
    upload = ma.home.parent / "exchange-scan.pdf"
    upload.write_bytes(pdf)

    fr_context = browser.new_context(locale="en-GB", accept_downloads=True)
    fr_context.set_default_timeout(20_000)
    fr_page = fr_context.new_page()
    ma_context = browser.new_context(locale="en-GB")
    ma_context.set_default_timeout(20_000)
    ma_page = ma_context.new_page()
    try:
        # 1. FR opens a case with MA and sends an urgent request with an attachment, then an H2 one.
        login(fr_page, fr, "fr.officer", language="en")
        fr_page.goto(f"{fr.url}/exchange/cases/new/")
        fr_page.fill("#id_title", "Go-fast boats off Saïdia (browser test)")
        fr_page.select_option("#id_crime_area", "drug_trafficking")
        fr_page.check("input[name=partners][value=MA-DGSN]")
        fr_page.click("form button[type=submit].primary")
        reference = re.search(r"FR-DGPN-\d{4}-\d{4}", fr_page.locator("h1").inner_text()).group(0)  # type: ignore[union-attr]
        case_url = fr_page.url
        compose(
            fr_page,
            kind="request_information",
            subject="Boat registration check",
            body="Who owns the boat registered SA-DEMO-77?",
            handling_code="H0",
            source_reliability="B",
            information_accuracy="2",
            priority="urgent",
            language="fr",
        )
        fr_page.set_input_files("#id_attachments", str(upload))
        fr_page.click("form[data-testid=compose] button[type=submit]")
        request_id = fr_page.url.split("#m-")[1]
        fr_page.goto(case_url)
        compose(
            fr_page,
            kind="request_assistance",
            subject="Surveillance of a suspect (H2)",
            body="Please keep an eye on Yassine Benkirane-Demo.",
            handling_code="H2",
            source_reliability="A",
            information_accuracy="2",
            priority="urgent",
            language="fr",
            person_names="Yassine Benkirane-Demo",
        )
        fr_page.click("form[data-testid=compose] button[type=submit]")
        h2_id = fr_page.url.split("#m-")[1]
        # Both hold personal data (an attachment, a name): nothing leaves before a release.
        supervisor = fr.token("fr.supervisor")
        api_release(fr, supervisor, request_id)
        api_release(fr, supervisor, h2_id)

        # 2. MA sees the request with its countdown and replies within the deadline.
        login(ma_page, ma, "ma.officer", language="en")
        ma_page.goto(f"{ma.url}/exchange/")
        row = ma_page.locator("[data-testid=inbox] tr", has_text="Boat registration check")
        eventually(
            lambda: row.count() == 1,
            every=lambda: (ma_page.wait_for_timeout(1000), ma_page.reload()),
        )
        countdown = row.locator("[data-testid=countdown]").inner_text()
        hours = int(re.match(r"(\d+) h \d\d min left", countdown).group(1))  # type: ignore[union-attr]
        assert 0 <= hours < URGENT_HOURS
        row.locator("a", has_text="Boat registration check").click()
        assert ma_page.locator("[data-testid=handling-code]").inner_text() == "H0"
        ma_page.click("text=Reply")
        compose(
            ma_page,
            body="The boat belongs to a rental company in Saïdia (demo).",
            source_reliability="A",
            information_accuracy="1",
            language="fr",
        )
        ma_page.click("form[data-testid=compose] button[type=submit]")
        assert "Message sent." in ma_page.locator(".messages").inner_text()

        # 3. FR sees the reply, delivery and read marks, and the byte-identical attachment.
        fr_page.goto(case_url)
        thread = fr_page.locator("[data-testid=thread]")
        # The reply keeps the thread's language: the French prefix, though MA wrote in English.
        thread.get_by_text(re.compile(r"Re\s?: Boat registration check")).wait_for(timeout=60_000)
        request_item = fr_page.locator(f"[data-message-id='{request_id}']")
        request_item.locator("[data-testid=ack-read]").wait_for(timeout=60_000)
        assert "Karim Bennani-Test" in request_item.locator("[data-testid=ack-read]").inner_text()
        assert request_item.locator("[data-testid=ack-delivered]").count() == 1
        assert request_item.locator("[data-testid=answered]").count() == 1
        ma_copy = api_get(ma, ma.token("ma.officer"), f"/api/v1/cases/search?q={reference}")
        assert [c["reference"] for c in ma_copy["cases"]] == [reference]
        fr_page.goto(f"{fr.url}/exchange/messages/{request_id}/")
        with fr_page.expect_download() as download:
            fr_page.click("[data-testid=attachment-link]")
        received = download.value.path().read_bytes()
        assert hashlib.sha256(received).hexdigest() == hashlib.sha256(pdf).hexdigest()

        # 5. MA cannot pass the H2 item on to a third agency.
        ma_page.goto(f"{ma.url}/exchange/messages/{h2_id}/")
        assert ma_page.locator("[data-testid=handling-code]").inner_text() == "H2"
        warning = ma_page.locator("[data-testid=forward-warning]").inner_text()
        assert "H2" in warning and "FR-DGPN" in warning
        assert ma_page.locator("[data-testid=forward-form]").count() == 0
        # FR learns that MA read it: MA's outbox is drained before its clock moves.
        fr_page.goto(case_url)
        fr_page.locator(f"[data-message-id='{h2_id}'] [data-testid=ack-read]").wait_for(
            timeout=60_000
        )

        # 6. MA asks FR through FR's request desk (issue 16's flow).
        desk_flow(ma, fr, browser, ma_page, fr_page)

        # 4. Time passes on MA (injectable clock): the half-time reminder, then the overdue notice.
        try:
            ma.set_clock_offset(URGENT_HOURS / 2 * 3600 + 120)
            ma_page.goto(f"{ma.url}/exchange/")
            reminder = ma_page.locator(
                "[data-kind='exchange.reminder']", has_text="Surveillance of a suspect"
            )
            eventually(
                lambda: reminder.count() == 1,
                every=lambda: (ma_page.wait_for_timeout(1000), ma_page.reload()),
            )
            assert (
                ma_page.locator(
                    "[data-kind='exchange.reminder']", has_text="Boat registration"
                ).count()
                == 0
            )
            ma.set_clock_offset(URGENT_HOURS * 3600 + 120)
            overdue = ma_page.locator(
                "[data-kind='exchange.overdue']", has_text="Surveillance of a suspect"
            )
            eventually(
                lambda: overdue.count() == 1,
                every=lambda: (ma_page.wait_for_timeout(1000), ma_page.reload()),
            )
            board = api_get(ma, ma.token("ma.supervisor"), "/api/v1/cases/overdue")["items"]
            assert h2_id in [m["id"] for m in board]
            assert request_id not in [m["id"] for m in board]
        finally:
            ma.set_clock_offset(0)
    finally:
        fr_context.close()
        ma_context.close()
        upload.unlink(missing_ok=True)
