"""The partners and keys page: fingerprints to compare, adding a partner, rotating the key."""

from __future__ import annotations

import hashlib
import html
import re
from base64 import b64decode
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from jisr.accounts.roles import Role
from jisr.audit.models import AuditEntry
from jisr.federation import keys
from jisr.federation.admin_services import node_key_rotate, partner_register
from jisr.federation.models import OutboxEnvelope, Partner, PartnerKey
from tests.federation.support import FakePartner
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def page_text(response: Any) -> str:
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return html.unescape(re.sub(r"\s+", " ", body))


def test_a_fingerprint_is_the_sha256_of_the_raw_key_in_groups_of_four() -> None:
    encoded = keys.public_key_b64(Ed25519PrivateKey.generate().public_key())
    printed = keys.fingerprint(encoded)
    groups = printed.split(" ")
    assert len(groups) == 16 and all(re.fullmatch(r"[0-9A-F]{4}", g) for g in groups)
    assert "".join(groups) == hashlib.sha256(b64decode(encoded)).hexdigest().upper()


def test_the_page_shows_this_nodes_key_and_each_partners_key_with_fingerprints(
    fr_partner: FakePartner, make_user: Any
) -> None:
    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    response = logged_in(admin).get(reverse("federation:partners"))
    assert response.status_code == 200
    text = page_text(response)
    own = PartnerKey.objects.get(agency__code="MA-DGSN")
    partner_key = PartnerKey.objects.get(agency__code="FR-DGPN")
    assert f"{own.key_id} {keys.fingerprint(own.public_key)} current" in text
    assert f"{partner_key.key_id} {keys.fingerprint(partner_key.public_key)} current" in text
    assert "http://127.0.0.1:9" in text


def test_an_administrator_adds_a_partner_from_the_page_and_sees_its_fingerprint(
    own_node: Any, make_user: Any
) -> None:
    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    encoded = keys.public_key_b64(Ed25519PrivateKey.generate().public_key())
    response = logged_in(admin).post(
        reverse("federation:partner_add"),
        {"agency_code": "FR-DGPN", "url": "https://fr.example.org/", "public_key": encoded},
        follow=True,
    )
    text = page_text(response)
    assert f"Partner FR-DGPN is registered. Key fingerprint: {keys.fingerprint(encoded)}" in text
    partner = Partner.objects.get(agency__code="FR-DGPN")
    assert partner.url == "https://fr.example.org"
    entry = AuditEntry.objects.get(action="federation.partner_add")
    assert entry.actor_username == "ma.admin"


def test_a_bad_key_is_refused_on_the_form_and_nothing_is_registered(
    own_node: Any, make_user: Any
) -> None:
    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    response = logged_in(admin).post(
        reverse("federation:partner_add"),
        {"agency_code": "FR-DGPN", "url": "https://fr.example.org", "public_key": "bm9wZQ=="},
    )
    assert response.status_code == 422
    assert "An Ed25519 public key is 32 bytes long." in page_text(response)
    assert not Partner.objects.exists()


def test_rotating_from_the_page_makes_a_new_key_current_and_tells_each_partner(
    fr_partner: FakePartner, make_user: Any
) -> None:
    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    old = PartnerKey.objects.get(agency__code="MA-DGSN")
    response = logged_in(admin).post(
        reverse("federation:key_rotate"), {"overlap_hours": "24", "confirm": "on"}, follow=True
    )
    new = PartnerKey.objects.get(agency__code="MA-DGSN", valid_until__isnull=True)
    assert new.key_id != old.key_id
    text = page_text(response)
    assert f"A new key is current: {keys.fingerprint(new.public_key)}" in text
    assert f"{new.key_id} {keys.fingerprint(new.public_key)} current" in text
    announced = OutboxEnvelope.objects.get(type="key.rotated", recipient="FR-DGPN")
    assert announced.body["key_id"] == new.key_id
    entry = AuditEntry.objects.get(action="federation.key_rotate")
    assert entry.actor_username == "ma.admin"


def test_rotation_needs_the_confirmation_box_and_a_sane_overlap(
    fr_partner: FakePartner, make_user: Any
) -> None:
    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    client = logged_in(admin)
    assert client.post(reverse("federation:key_rotate"), {"overlap_hours": "24"}).status_code == 422
    with pytest.raises(ValidationError):
        node_key_rotate(acting_user=admin, overlap_hours=0)
    assert PartnerKey.objects.filter(agency__code="MA-DGSN").count() == 1


def test_only_an_administrator_may_add_partners_or_rotate(own_node: Any, make_user: Any) -> None:
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    encoded = keys.public_key_b64(Ed25519PrivateKey.generate().public_key())
    with pytest.raises(PermissionDenied):
        partner_register(
            acting_user=officer, agency_code="FR-DGPN", url="https://x.example", public_key=encoded
        )
    with pytest.raises(PermissionDenied):
        node_key_rotate(acting_user=officer)
    client = logged_in(officer)
    assert client.get(reverse("federation:partners")).status_code == 403
    assert client.post(reverse("federation:key_rotate"), {"confirm": "on"}).status_code == 403
    assert not Partner.objects.exists()
    assert PartnerKey.objects.filter(agency__code="MA-DGSN").count() == 1


def test_only_the_partners_entry_is_current_in_the_navigation(
    own_node: Any, make_user: Any
) -> None:
    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    body = logged_in(admin).get(reverse("federation:partners")).content.decode()
    current = re.findall(r'<a href="([^"]+)" aria-current="page">', body)
    assert current == [reverse("federation:partners")]
