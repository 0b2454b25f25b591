"""notify() and marking notices read."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from jisr.notices import selectors, services
from jisr.notices.kinds import email_enabled, kind_label, notice_kinds
from jisr.notices.models import Notice

pytestmark = pytest.mark.django_db


def test_apps_declare_their_notice_kinds_with_labels() -> None:
    kinds = notice_kinds()
    assert str(kinds["wanted.hit_received"]) == "A hit on one of our alerts needs an answer"
    assert str(kinds["exchange.reminder"]) == "Reminder"
    assert kind_label("nobody.declared_this") == "nobody.declared_this"


def test_each_app_switches_its_own_emails(settings: Any) -> None:
    settings.JISR_HIT_EMAIL = False
    settings.JISR_EXCHANGE_EMAIL = True
    assert not email_enabled("wanted.hit_received")
    assert email_enabled("exchange.new_message")
    assert not email_enabled("nobody.declared_this")


def test_notify_writes_one_notice_per_user_with_its_target(people: Any, target: Any) -> None:
    amina, karim = people["amina"], people["karim"]
    [first, second] = services.notify(
        [amina, karim, amina], "exchange.reminder", target, url="/exchange/", text="MA-1 · Boat"
    )
    assert Notice.objects.count() == 2  # a user listed twice gets one notice
    notice = Notice.objects.get(user=amina)
    assert (notice.kind, notice.target_type, notice.target_id) == (
        "exchange.reminder",
        "accounts.user",
        str(karim.pk),
    )
    assert (notice.url, notice.text, notice.urgent, notice.read_at) == (
        "/exchange/",
        "MA-1 · Boat",
        False,
        None,
    )
    assert notice.label == "Reminder"
    assert first.id.version == second.id.version == 7


def test_an_urgent_notice_sends_a_pointer_email_after_commit_without_the_text(
    people: Any, target: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.TIME_ZONE = "Europe/Paris"
    settings.LANGUAGE_CODE = "en"
    people["amina"].email = "amina@example.org"
    people["amina"].time_zone = "Africa/Casablanca"
    people["amina"].preferred_language = "fr"
    people["amina"].save()
    karim = people["karim"]
    karim.email = "karim@example.org"
    karim.save()
    due = dt.datetime(2026, 12, 2, 7, 30, tzinfo=dt.UTC)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notify(
            [people["amina"], karim],
            "wanted.hit_received",
            target,
            url="/wanted/hits/",
            urgent=True,
            text="Tanger Med",
            due_at=due,
        )
        assert mail.outbox == []  # nothing leaves before the change is committed
    for callback in callbacks:
        callback()
    by_address = {message.to[0]: message for message in mail.outbox}
    assert [m.to for m in mail.outbox] == [["amina@example.org"], ["karim@example.org"]]
    # Amina reads French in Rabat's time; Karim, with no choice of his own, the node's zone.
    amina_mail = by_address["amina@example.org"]
    assert amina_mail.subject == (
        "Jisr\u00a0: Une concordance sur l'un de nos signalements attend une réponse"
    )
    assert amina_mail.body == (
        "Délai de réponse\u00a0: 02/12/2026 08:30 UTC+01 (Africa/Casablanca).\n"
        "Ouvrez Jisr pour la consulter. Aucune donnée personnelle n'est envoyée par courriel."
    )
    karim_mail = by_address["karim@example.org"]
    assert karim_mail.subject == "Jisr: A hit on one of our alerts needs an answer"
    assert karim_mail.body.startswith("Answer deadline: ")
    assert "08:30 CET (Europe/Paris)." in karim_mail.body
    assert "Tanger" not in "".join(m.subject + m.body for m in mail.outbox)


def test_a_notice_that_is_not_urgent_sends_no_email(
    people: Any, target: Any, django_capture_on_commit_callbacks: Any
) -> None:
    people["amina"].email = "amina@example.org"
    people["amina"].save()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify([people["amina"]], "wanted.hit_outcome", target, url="/")
    assert mail.outbox == []
    assert Notice.objects.filter(user=people["amina"], kind="wanted.hit_outcome").count() == 1


def test_users_mark_their_own_notices_read_and_nobody_elses(
    people: Any, target: Any, clock_offset: Any
) -> None:
    amina, karim = people["amina"], people["karim"]
    services.notify([amina, karim], "exchange.new_message", target, url="/")
    mine = Notice.objects.get(user=amina)
    with pytest.raises(PermissionDenied):
        services.notice_mark_read(acting_user=karim, notice=mine)
    assert selectors.unread_count(amina) == 1
    services.notice_mark_read(acting_user=amina, notice=mine)
    first_read = Notice.objects.get(pk=mine.pk).read_at
    assert first_read is not None and selectors.unread_count(amina) == 0
    clock_offset(60)
    services.notice_mark_read(acting_user=amina, notice=mine)
    assert Notice.objects.get(pk=mine.pk).read_at == first_read  # the first reading is kept
    assert selectors.unread_count(karim) == 1


def test_mark_all_read_can_keep_to_one_app(people: Any, target: Any) -> None:
    amina = people["amina"]
    services.notify([amina], "exchange.new_message", target, url="/")
    services.notify([amina], "exchange.reminder", target, url="/")
    services.notify([amina], "wanted.hit_received", target, url="/")
    services.notify([people["karim"]], "exchange.new_message", target, url="/")
    assert services.notices_mark_all_read(acting_user=amina, app="exchange") == 2
    assert [n.kind for n in selectors.notices_for(amina, unread_only=True)] == [
        "wanted.hit_received"
    ]
    assert services.notices_mark_all_read(acting_user=amina) == 1
    assert selectors.unread_count(amina) == 0
    assert selectors.unread_count(people["karim"]) == 1
