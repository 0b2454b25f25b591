from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def people(make_user: Any) -> dict[str, Any]:
    from jisr.accounts.roles import Role

    return {
        "amina": make_user("ma.amina", [Role.LIAISON_OFFICER]),
        "karim": make_user("ma.karim", [Role.LIAISON_OFFICER]),
    }


@pytest.fixture
def target(people: dict[str, Any]) -> Any:
    """Any saved model instance will do as a notice's target: here, a user row."""
    return people["karim"]
