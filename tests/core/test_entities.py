"""Entity values are checked and normalised the same way in every module."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from jisr.core.entities import normalise


@pytest.mark.parametrize(
    ("kind", "value", "country", "key"),
    [
        ("phone", "+33 6 12 34 56 78", "", "+33612345678"),
        ("phone", "06 12 34 56 78", "FR", "+33612345678"),
        ("phone", "0661-234567", "MA", "+212661234567"),
        ("iban", "fr76 3000 6000 0112 3456 7890 189", "", "FR7630006000011234567890189"),
        ("email", "Karim.Test@Example.ORG", "", "karim.test@example.org"),
        ("vehicle", "ab-123-cd", "", "AB123CD"),
        ("document", "X 1234567", "", "X1234567"),
        (
            "crypto",
            "0xAbCdEf0123456789abcdef0123456789ABCDEF01",
            "",
            "0xabcdef0123456789abcdef0123456789abcdef01",
        ),
        ("domain", "https://Shop.Example.ORG/path?q=1", "", "shop.example.org"),
        ("hash", "D41D8CD98F00B204E9800998ECF8427E", "", "d41d8cd98f00b204e9800998ecf8427e"),
        ("address", "12, Rue de l'Étoile  Tanger", "", "12 rue de l etoile tanger"),
    ],
)
def test_a_value_written_two_ways_has_one_key(
    kind: str, value: str, country: str, key: str
) -> None:
    assert normalise(kind, value, country=country) == key


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("phone", "12345", "not a valid telephone number"),
        ("iban", "FR7630006000011234567890188", "not a valid IBAN"),
        ("email", "not-an-address", "not a valid e-mail address"),
        ("crypto", "hello", "not a recognised crypto-currency address"),
        ("hash", "abc", "not an MD5"),
        ("planet", "Mars", "not a kind of entity"),
        ("phone", "", "needs a value"),
        ("address", "x" * 301, "at most 300 characters"),
    ],
)
def test_a_bad_value_is_refused_with_a_reason(kind: str, value: str, message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        normalise(kind, value)
    assert message in " ".join(raised.value.messages)
