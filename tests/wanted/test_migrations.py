"""The move to the one handling vocabulary keeps every alert and what it allowed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("wanted", "0001_initial")]
AFTER = [("wanted", "0002_siena_handling_vocabulary")]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_old_h3_alerts_stay_never_shared_and_other_codes_keep_their_value() -> None:
    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    Agency = old.get_model("accounts", "Agency")
    Alert = old.get_model("wanted", "Alert")
    owner, _ = Agency.objects.get_or_create(
        code="MA-DGSN", defaults={"name_ar": "MA", "name_fr": "MA", "name_en": "MA", "is_own": True}
    )
    for code in ("H0", "H1", "H2", "H3"):
        Alert.objects.create(
            owner=owner, category="locate", names=[f"Test {code}"], handling_code=code
        )
    try:
        new = _migrate(AFTER).loader.project_state(AFTER).apps
        rows = sorted(
            new.get_model("wanted", "Alert").objects.values_list(
                "handling_code", "owner_only", "handling_restriction"
            )
        )
        assert rows == [("H0", False, ""), ("H1", False, ""), ("H2", False, ""), ("H3", True, "")]
        # Going back, an owner-only alert is the old "H3, never shared" again.
        new.get_model("wanted", "Alert").objects.filter(handling_code="H1").update(owner_only=True)
        back = _migrate(BEFORE).loader.project_state(BEFORE).apps
        codes = sorted(
            back.get_model("wanted", "Alert").objects.values_list("handling_code", flat=True)
        )
        assert codes == ["H0", "H2", "H3", "H3"]
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
