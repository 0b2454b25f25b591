"""Every module's demo data, seeded the way a node seeds it, for any pair of agency codes.

The node is set up as ``jisr node init --agency CODE`` does, its partner registered, then
seeded as ``jisr seed-demo`` does. Each module writes the same records for the first and the
second agency of any pair as for MA-DGSN and FR-DGPN, referring to no other agency, and every
record has its audit row.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder

from jisr.accounts.demo import demo_order
from jisr.accounts.models import Agency
from jisr.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

#: model -> (records on the first agency's node, on the second's), as the embedded demo has them.
COUNTS: dict[str, tuple[int, int]] = {
    "events.Event": (1, 0),
    "events.Venue": (3, 0),
    "events.Risk": (2, 0),
    "exchange.Case": (2, 2),
    "exchange.Message": (4, 4),
    "exchange.PartnerDesk": (1, 1),
    "groups.WorkingGroup": (1, 1),
    "groups.Membership": (4, 4),
    "groups.Target": (3, 3),
    "groups.Lead": (3, 3),
    "groups.Task": (3, 3),
    "groups.Meeting": (1, 1),
    "groups.Operation": (1, 1),
    "plan.Plan": (1, 1),
    "plan.Action": (20, 20),
    "plan.Milestone": (8, 8),
    "plan.IndicatorBinding": (29, 29),
    "risks.Risk": (4, 4),
    "risks.RiskAssessment": (4, 4),
    "risks.Playbook": (1, 1),
    "risks.Bulletin": (1, 1),
    "risks.Acknowledgement": (2, 0),
    "training.Course": (0, 1),
    "training.TrainingSession": (0, 1),
    "training.AssistanceRequest": (1, 0),
    "wanted.Alert": (2, 3),
}

#: The records that each have an audit row on the node (written, or received as a copy).
AUDITED = [
    "events.Event",
    "exchange.Case",
    "exchange.Message",
    "groups.WorkingGroup",
    "groups.Membership",
    "groups.Target",
    "groups.Lead",
    "groups.Task",
    "groups.Meeting",
    "groups.Operation",
    "plan.Plan",
    "plan.Action",
    "risks.Risk",
    "risks.Bulletin",
    "training.Course",
    "training.TrainingSession",
    "training.AssistanceRequest",
    "wanted.Alert",
]

DEMO_APPS = ("events", "exchange", "groups", "plan", "risks", "training", "wanted")
#: What the embedded demo's data would name: its agencies and its users.
EMBEDDED = re.compile(r"MA-DGSN|FR-DGPN|\b(ma|fr)\.(officer|supervisor|reviewer|analyst|dpo)\b")


def _seed_node(own: str, partner: str, settings: Any, tmp_path: Any) -> None:
    """``jisr node init --agency OWN --demo``, the partner known, then ``jisr seed-demo``."""
    from jisr.accounts.selectors import own_agency
    from jisr.accounts.services import agency_upsert
    from jisr.node.demo import agency_names, seed
    from jisr.node.init import node_init

    settings.JISR_HOME = str(tmp_path)
    node_init(agency_code=own, demo=True)
    agency_upsert(code=partner, **agency_names(partner))
    agency = own_agency()
    assert agency is not None
    seed(agency.code, settings.SECRET_KEY)


def _rows(label: str) -> list[dict[str, Any]]:
    return list(apps.get_model(label).objects.values())


def _texts() -> str:
    """Every value of every row the modules' demos wrote, as one text."""
    rows = [
        row
        for app in DEMO_APPS
        for model in apps.get_app_config(app).get_models()
        for row in model.objects.values()
    ]
    return json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False)


@pytest.mark.parametrize(
    ("own", "partner"),
    [
        ("MA-DGSN", "FR-DGPN"),
        ("FR-DGPN", "MA-DGSN"),
        ("TN-DGSN", "ES-CNP"),
        ("ES-CNP", "TN-DGSN"),
        ("AA-ONE", "BB-TWO"),
    ],
)
def test_every_module_seeds_its_records_for_the_pair_with_their_audit_rows(
    own: str, partner: str, settings: Any, tmp_path: Any
) -> None:
    _seed_node(own, partner, settings, tmp_path)
    position = demo_order([own, partner]).index(own)

    counts = {label: apps.get_model(label).objects.count() for label in COUNTS}
    assert counts == {label: pair[position] for label, pair in COUNTS.items()}

    assert sorted(Agency.objects.values_list("code", flat=True)) == sorted([own, partner])
    if {own, partner} != {"MA-DGSN", "FR-DGPN"}:
        assert not EMBEDDED.search(_texts())

    missing = {
        label: [
            row["id"]
            for row in _rows(label)
            if not AuditEntry.objects.filter(
                target_type=label.lower(), target_id=str(row["id"])
            ).exists()
        ]
        for label in AUDITED
    }
    assert {label: ids for label, ids in missing.items() if ids} == {}


def test_each_agency_of_another_pair_writes_in_the_language_of_its_role(
    settings: Any, tmp_path: Any
) -> None:
    from jisr.exchange.models import Case
    from jisr.groups.models import Lead
    from jisr.plan.models import ActionStatusChange
    from jisr.risks.models import Risk
    from jisr.wanted.models import Alert

    _seed_node("BB-TWO", "AA-ONE", settings, tmp_path)  # AA-ONE is the first of the pair
    first, second = "AA-ONE", "BB-TWO"
    arabic = re.compile(r"[\u0600-\u06ff]")

    def languages(rows: Any) -> dict[str, set[bool]]:
        found: dict[str, set[bool]] = {}
        for code, text in rows:
            found.setdefault(code, set()).add(bool(arabic.search(text)))
        return found

    expected = {first: {True}, second: {False}}  # the first in Arabic, the second not
    assert {
        (code, bool(ar), bool(fr))
        for code, ar, fr in Risk.objects.values_list(
            "owner__code", "description_ar", "description_fr"
        )
    } == {(first, True, False), (second, False, True)}
    assert languages(Case.objects.values_list("owner__code", "title")) == expected
    assert languages(Lead.objects.values_list("owner__code", "text")) == expected
    assert languages(ActionStatusChange.objects.values_list("by_agency", "comment")) == expected
    # This node (the second) holds its own alerts only, written in French.
    assert languages(Alert.objects.values_list("owner__code", "review_reason")) == {second: {False}}
