"""What each handling code lets a holder do with a provider's item (jisr.core.handling)."""

from __future__ import annotations

import pytest
from django.utils import translation

from jisr.core.handling import HandlingCode, Use

FR, MA, ES = "FR-DGPN", "MA-DGSN", "ES-CNP"

# (code, use, consent recorded, allowed for MA holding FR's item)
CASES = [
    ("H0", Use.FORWARD, False, True),
    ("H0", Use.EXPORT, False, True),
    ("H0", Use.COPY, False, True),
    ("H1", Use.FORWARD, False, True),
    ("H1", Use.EXPORT, False, True),
    ("H1", Use.JUDICIAL, False, False),
    ("H1", Use.JUDICIAL, True, True),
    ("H2", Use.FORWARD, False, False),
    ("H2", Use.FORWARD, True, True),
    ("H2", Use.EXPORT, False, False),
    ("H2", Use.EXPORT, True, True),
    ("H2", Use.COPY, False, False),
    ("H2", Use.COPY, True, True),
    ("H3", Use.FORWARD, True, False),
    ("H3", Use.EXPORT, True, False),
    ("H3", Use.COPY, True, False),
    ("H3", Use.JUDICIAL, True, False),
]


@pytest.mark.parametrize(("code", "use", "consent", "allowed"), CASES)
def test_a_holder_may_only_do_what_the_code_allows(
    code: str, use: Use, consent: bool, allowed: bool
) -> None:
    assert HandlingCode(code).allows(use, provider=FR, holder=MA, consent=consent) is allowed


@pytest.mark.parametrize("code", HandlingCode.values)
def test_the_provider_is_never_restricted_by_its_own_code(code: str) -> None:
    handling = HandlingCode(code)
    assert handling.may_forward(ES, provider=FR, holder=FR)
    assert handling.may_export(provider=FR, holder=FR)
    assert handling.may_copy(provider=FR, holder=FR)


@pytest.mark.parametrize("code", HandlingCode.values)
def test_sending_an_item_back_to_its_provider_is_not_dissemination(code: str) -> None:
    assert HandlingCode(code).may_forward(FR, provider=FR, holder=MA)


def test_consent_matters_only_where_the_code_asks_for_it() -> None:
    assert [c for c in HandlingCode if c.needs_consent(Use.FORWARD)] == [HandlingCode.H2]
    assert [c for c in HandlingCode if c.needs_consent(Use.JUDICIAL)] == [HandlingCode.H1]
    assert [c for c in HandlingCode if c.needs_restriction_text] == [HandlingCode.H3]


def test_refusals_name_the_code_the_agencies_and_are_translated() -> None:
    with translation.override("en"):
        assert HandlingCode.H2.refusal(Use.FORWARD, provider=FR, to_agency=ES) == (
            "This item is H2: it cannot be passed on to ES-CNP without the recorded consent "
            "of FR-DGPN."
        )
    with translation.override("fr"):
        assert HandlingCode.H3.refusal(Use.EXPORT, provider=FR) == (
            "Cet élément est H3\u00a0: ses restrictions sont énoncées dans son texte, il ne peut donc "
            "pas être exporté. Demandez à FR-DGPN de le renvoyer sous un autre code."
        )
    with translation.override("ar"):
        assert HandlingCode.H2.label.startswith("H2 — لا ينشر")
