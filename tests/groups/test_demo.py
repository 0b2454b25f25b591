"""The demo group: the same id and content on both nodes, analysts not members."""

from __future__ import annotations

from typing import Any

import pytest

from jisr.groups import demo
from jisr.groups import models as gm

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, Any]:
    return {
        model.__name__: sorted(
            (str(row["id"]), row["owner_id"] and str(row["version"]))
            for row in model.objects.values("id", "owner_id", "version")
        )
        for model in (
            gm.WorkingGroup,
            gm.Membership,
            gm.Target,
            gm.Lead,
            gm.Task,
            gm.Meeting,
            gm.Operation,
        )
    }


def test_the_demo_group_is_the_same_on_both_nodes_and_excludes_the_analysts(agencies: Any) -> None:
    demo.seed(agencies["MA-DGSN"])
    on_ma = _snapshot()
    owners_ma = dict(gm.Lead.objects.values_list("id", "owner__code"))
    demo.seed(agencies["MA-DGSN"])  # idempotent
    assert _snapshot() == on_ma
    gm.WorkingGroup.objects.all().delete()
    demo.seed(agencies["FR-DGPN"])
    assert _snapshot() == on_ma
    assert dict(gm.Lead.objects.values_list("id", "owner__code")) == owners_ma
    group = gm.WorkingGroup.objects.get(id=demo.GROUP_ID)
    assert group.status == "active" and group.owner.code == "MA-DGSN"
    usernames = set(group.members.values_list("username", flat=True))
    assert usernames == {"ma.officer", "ma.supervisor", "fr.officer", "fr.supervisor"}
    assert not usernames & {"ma.analyst", "fr.analyst"}
    assert group.targets.count() == 3 and group.operations.count() == 1
