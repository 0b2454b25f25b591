"""The pages: catalogue, session, queue, calendar and feed, verification, certificate PDF."""

from __future__ import annotations

from typing import Any

import pytest

from jisr.training import services
from tests.support.lists import table_rows
from tests.support.web import logged_in
from tests.training.conftest import fr_nomination

pytestmark = pytest.mark.django_db


def _in(client: Any, lang: str) -> Any:
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


def _certificate(supervisor: Any, session: Any) -> Any:
    nomination = fr_nomination(session)
    services.nomination_decide(acting_user=supervisor, nomination=nomination, decision="accept")
    services.attendance_record(
        acting_user=supervisor,
        session=session,
        day=session.starts_on,
        present={str(nomination.id): True},
    )
    return services.certificate_issue(acting_user=supervisor, nomination=nomination)


def test_the_catalogue_lists_our_course_and_the_partners_in_arabic(
    officer: Any, ma_session: Any, fr_session: Any
) -> None:
    client = logged_in(officer)
    html = _in(client, "ar").get("/training/").content.decode()
    rows = table_rows(html, "courses")
    assert len(rows) == 2
    assert ">الدورات</th>" in html  # "Sessions" in the training sense, not the login sessions
    assert any("التحقيق في الجرائم الإلكترونية" in row for row in rows)
    assert any("تأمين التظاهرات الكبرى" in row for row in rows)
    only_partner = _in(client, "en").get("/training/?owner=partner").content.decode()
    assert len(table_rows(only_partner, "courses")) == 1


def test_a_nomination_made_on_the_session_page_waits_in_the_supervisors_queue(
    officer: Any, supervisor: Any, fr_session: Any
) -> None:
    page = logged_in(officer).post(
        f"/training/sessions/{fr_session.id}/",
        {"name": "Karim Fictif", "rank": "Commissaire", "unit": "PJ Rabat", "language_level": "B2"},
        follow=True,
    )
    assert "Karim Fictif" in " ".join(table_rows(page.content.decode(), "nominations"))
    assert logged_in(officer).get("/training/nominations/").status_code == 403
    queue = logged_in(supervisor).get("/training/nominations/").content.decode()
    assert "Karim Fictif" in " ".join(table_rows(queue, "queue"))


def test_the_calendar_shows_both_sides_and_the_feed_is_icalendar(
    officer: Any, ma_session: Any, fr_session: Any
) -> None:
    client = logged_in(officer)
    month = fr_session.starts_on.strftime("%Y-%m")
    html = client.get(f"/training/calendar/?month={month}").content.decode()
    assert "Sécurité des grands événements (fictif)" in html
    feed_url = html.split('data-testid="feed">', 1)[1].split("<", 1)[0]
    feed = client.get(feed_url.replace("http://testserver", ""))
    assert feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert body.count("BEGIN:VEVENT") == 2 and "Enquête cyber (fictif) (MA-DGSN)" in body
    assert client.get("/training/calendar/forged.ics").status_code == 404


def test_verification_page_says_authentic_or_unknown(
    supervisor: Any, analyst: Any, ma_session: Any
) -> None:
    certificate = _certificate(supervisor, ma_session)
    client = logged_in(analyst)
    good = client.get(f"/training/certificates/verify/?code={certificate.code}").content.decode()
    assert "This certificate is authentic." in good and "Julien Testard" in good
    bad = _in(client, "fr").get("/training/certificates/verify/?code=NOPE")
    assert "Aucune attestation ne porte ce code de vérification." in bad.content.decode()


def test_the_certificate_pdf_in_arabic_carries_the_shaped_text_and_the_code(
    supervisor: Any, ma_session: Any
) -> None:
    certificate = _certificate(supervisor, ma_session)
    answer = logged_in(supervisor).get(f"/training/certificates/{certificate.code}/ar.pdf")
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
    text = _pdf_text(answer.content)
    assert certificate.code in text
    assert "التحقيق في الجرائم الإلكترونية" in text or "شهادة" in text


def _pdf_text(pdf: bytes) -> str:
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    done = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True, timeout=30
    )
    return done.stdout.decode()


def test_the_assistance_page_shows_the_time_line(officer: Any, fr_partner: Any) -> None:
    import datetime as dt

    from jisr.core import bounds

    request = services.assistance_request(
        acting_user=officer,
        kind="forensic",
        title="Soutien forensique (fictif)",
        description="Analyse de téléphones",
        provider=fr_partner.agency,
        need_by=bounds.today() + dt.timedelta(days=9),
    )
    html = logged_in(officer).get(f"/training/assistance/{request.id}/").content.decode()
    assert "request made" in html and "needs assessment" in html
    listed = logged_in(officer).get("/training/assistance/?direction=outgoing").content.decode()
    assert "Soutien forensique (fictif)" in " ".join(table_rows(listed, "assistance"))
