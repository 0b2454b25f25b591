"""Issue 7 on two real nodes in a real browser: MA hosts a fictitious tournament, FR joins;
an accreditation list is screened, a flagged person reaches FR as a hit, an FR incident
shows on MA's situation board, and the debrief exports as PDF in Arabic and in French."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from tests.support.browser import login, screenshot, switch_language
from tests.wanted.test_flow import Api, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EVENT = "Trophée fictif des nations 2027"
VENUES = [
    ("Stade fictif du Nord", "stadium", "45000"),
    ("Fan zone fictive", "fan_zone", "15000"),
    ("Hôtel fictif des équipes", "hotel", "400"),
]
WANTED = "Céleste Fictif-Durand"
ACCREDITATION_CSV = (
    "full_name,category,birth_date,nationality,organisation\n"
    "Amina Fictive-Kadiri,staff,1990,MA,Comité fictif\n"
    "Céleste Fictif Durand,media,1988-04-17,FR,Journal fictif\n"
    "Yassine Exemple-Naciri,volunteer,,MA,\n"
    "Paul Imaginaire,delegation,1975,FR,Fédération fictive\n"
).encode()
INCIDENT = "Rixe fictive devant la tribune nord"


def _share_fr_alert(fr: Any) -> str:
    """FR records a wanted person and its compliance reviewer approves sharing with MA."""
    officer, reviewer = Api(fr, "fr.officer"), Api(fr, "fr.reviewer")
    alert = officer.post(
        "/alerts",
        {
            "category": "arrest",
            "names": [WANTED],
            "birth_date": "1988-04-17",
            "nationality": ["FR"],
            "sex": "F",
            "legal_basis": {
                "reference": "TEST-2026-0007",
                "authority": "Juge d'instruction fictif",
                "date": "2026-03-01",
                "offence_category": "money_laundering",
                "offence_description": "Fictitious case for the events test.",
            },
        },
        expect=201,
    )
    officer.post(f"/alerts/{alert['id']}/submit")
    reviewer.post(
        f"/alerts/{alert['id']}/review",
        {"decision": "approve", "reason": "Ordinary crime", "share_with": ["MA-DGSN"]},
    )
    return str(alert["id"])


def _submit(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_a_tournament_from_creation_to_debrief_on_two_nodes(
    demo_nodes: dict[str, Any], browser: Any
) -> None:
    ma, fr = demo_nodes["ma"], demo_nodes["fr"]
    alert_id = _share_fr_alert(fr)

    ma_page = browser.new_context(
        locale="en-GB", viewport={"width": 1280, "height": 900}, accept_downloads=True
    ).new_page()
    ma_page.set_default_timeout(20_000)
    login(ma_page, ma, "ma.supervisor", language="en")

    # The MA coordinator creates the tournament with three venues, FR invited.
    ma_page.goto(f"{ma.url}/events/")
    ma_page.fill("#id_name", EVENT)
    ma_page.fill("#id_starts_on", "2027-06-12")
    ma_page.fill("#id_ends_on", "2027-06-27")
    ma_page.get_by_label(re.compile("FR-DGPN")).check()
    _submit(ma_page, "#event-form button[type=submit]")
    assert ma_page.locator("h1").inner_text().startswith(EVENT)
    event_url = ma_page.url
    for name, kind, capacity in VENUES:
        ma_page.fill("#id_venue-name", name)
        ma_page.select_option("#id_venue-kind", kind)
        ma_page.fill("#id_venue-capacity", capacity)
        _submit(ma_page, "#venue-form button[type=submit]")
    assert ma_page.locator("[data-testid=venues] tbody tr").count() == 3

    # Risk register with its heat map, and a protocol checklist with the venue's readiness.
    ma_page.goto(f"{event_url}risks/")
    ma_page.fill("#id_threat", "Bousculade fictive à l'entrée nord")
    ma_page.select_option("#id_venue", label=VENUES[0][0])
    ma_page.select_option("#id_likelihood", "4")
    ma_page.select_option("#id_impact", "5")
    _submit(ma_page, "#risk-form button[type=submit]")
    assert (
        ma_page.locator(
            "[data-testid=heatmap] g[data-likelihood='4'][data-impact='5']"
        ).get_attribute("data-count")
        == "1"
    )
    ma_page.goto(f"{event_url}protocols/")
    ma_page.select_option("#id_venue", label=VENUES[0][0])
    ma_page.select_option("#id_template", "crowd")
    _submit(ma_page, "#protocol-form button[type=submit]")
    stadium = ma_page.locator("[data-testid=venue-protocols]", has_text=VENUES[0][0])
    with ma_page.expect_navigation():
        stadium.locator("button[aria-pressed=false]").first.click()
    stadium = ma_page.locator("[data-testid=venue-protocols]", has_text=VENUES[0][0])
    assert stadium.locator("[data-testid=readiness]").inner_text() == "25 %"
    event_path = event_url.removeprefix(ma.url)

    # FR sees the shared event (in French) and joins it.
    fr_page = browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 900}, accept_downloads=True
    ).new_page()
    fr_page.set_default_timeout(20_000)
    login(fr_page, fr, "fr.supervisor")

    def fr_has_three_venues() -> bool:
        response = fr_page.goto(f"{fr.url}{event_path}")
        return (
            bool(response and response.status == 200)
            and fr_page.locator("[data-testid=venues] tbody tr").count() == 3
        )

    wait_for("the event with its venues on FR", fr_has_three_venues)
    _submit(fr_page, "form[action$='/join/'] button")

    def ma_sees_fr_joined() -> bool:
        ma_page.goto(event_url)
        return "FR-DGPN · joined" in ma_page.locator("[data-testid=participants]").inner_text()

    wait_for("FR's joining on MA", ma_sees_fr_joined)

    # 1. An accreditation list is screened (against FR's shared alert among others).
    ma_officer = Api(ma, "ma.supervisor")
    wait_for(
        "the FR alert copy on MA",
        lambda: any(a["id"] == alert_id for a in ma_officer.items("/alerts", owner="partner")),
    )
    ma_page.goto(f"{event_url}accreditation/")
    ma_page.set_input_files(
        "#id_file",
        {"name": "accreditations.csv", "mimeType": "text/csv", "buffer": ACCREDITATION_CSV},
    )
    _submit(ma_page, "#upload-form button[type=submit]")
    ma_page.locator("[data-testid=list-status]", has_text="screened").wait_for(timeout=30_000)
    # No reload: the refresh that shows the list screened brings its candidates with it.
    row = ma_page.locator("[data-testid=to-review] tbody tr", has_text="Céleste Fictif Durand")
    row.wait_for(timeout=5_000)
    assert row.count() == 1 and "FR-DGPN" in row.inner_text()
    assert ma_page.locator("[data-testid=to-review] tbody tr").count() == 1
    # The reviewer sees what the decision rests on: the alert's name, the score, the why.
    assert row.locator("[data-testid=candidate-names]").inner_text() == WANTED
    assert 0.8 <= float(row.locator("[data-testid=score]").inner_text()) <= 1
    row.locator("summary").click()
    assert "Date of birth" in row.locator("[data-testid=explanation]").inner_text()
    # And nothing is decided for them.
    assert row.locator("select[name=decision]").input_value() == ""
    for language in ("ar", "fr", "en"):
        switch_language(ma_page, language)
        screenshot(ma_page, f"accreditation-{language}")
    row = ma_page.locator("[data-testid=to-review] tbody tr", has_text="Céleste Fictif Durand")

    # 2. The reviewer flags her: a hit goes to FR, the organiser only sees "refuse".
    row.locator("select[name=decision]").select_option("flagged")
    row.locator("input[name=reason]").fill("Same name and date of birth as the FR alert")
    with ma_page.expect_navigation():
        row.locator("button[type=submit]").click()
    assert "reported to the alert's owner" in ma_page.locator("[data-testid=decided]").inner_text()
    fr_officer = Api(fr, "fr.officer")
    hit = wait_for(
        "the hit on FR",
        lambda: next(
            (
                h
                for h in fr_officer.items("/hits", direction="incoming")
                if h["alert_id"] == alert_id
            ),
            None,
        ),
    )
    assert hit["status"] == "reported"
    ma_page.goto(f"{event_url}accreditation/decisions/")
    organiser = ma_page.locator("[data-testid=organiser]").inner_text()
    assert "Refuse" in organiser or "refuse" in organiser
    assert alert_id not in ma_page.content() and "TEST-2026-0007" not in ma_page.content()

    # 3. FR logs an incident; MA's situation board shows it by itself.
    ma_page.goto(f"{event_url}board/")
    assert INCIDENT not in ma_page.locator("[data-testid=board]").inner_text()
    fr_page.goto(f"{fr.url}{event_path}incidents/")
    fr_page.select_option("#id_venue", label=VENUES[0][0])
    fr_page.select_option("#id_category", "violence")
    fr_page.select_option("#id_severity", "3")
    fr_page.fill("#id_description", INCIDENT)
    _submit(fr_page, "#incident-form button[type=submit]")
    recorded = time.monotonic()
    ma_page.locator("[data-testid=board-incidents]", has_text=INCIDENT).wait_for(timeout=15_000)
    delay = time.monotonic() - recorded
    print(f"incident propagation delay FR -> MA board: {delay:.2f} s")
    assert delay <= 5.0, f"the incident took {delay:.1f} s to reach MA's board"

    # 4. The debrief exports as PDF in Arabic (MA) and in French (FR).

    ma_page.goto(f"{event_url}debrief/")
    switch_language(ma_page, "ar")
    with ma_page.expect_download() as arabic:
        ma_page.click("[data-testid=export-pdf]")
    assert arabic.value.suggested_filename.endswith("-ar.pdf")
    assert open(arabic.value.path(), "rb").read(4) == b"%PDF"
    fr_page.goto(f"{fr.url}{event_path}debrief/")
    assert fr_page.locator("html").get_attribute("lang") == "fr"
    with fr_page.expect_download() as french:
        fr_page.click("[data-testid=export-pdf]")
    assert french.value.suggested_filename.endswith("-fr.pdf")
    assert open(french.value.path(), "rb").read(4) == b"%PDF"
