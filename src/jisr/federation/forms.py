"""Forms of the partners and keys page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PartnerForm(forms.Form):
    agency_code = forms.CharField(
        label=_("Agency code"), max_length=32, help_text=_("For example FR-DGPN.")
    )
    url = forms.CharField(
        label=_("Node address"),
        max_length=300,
        help_text=_("For example https://jisr.partner.example"),
    )
    public_key = forms.CharField(
        label=_("Public key"),
        max_length=100,
        help_text=_(
            "The partner's Ed25519 public key (base64), as `jisr node show` prints it on their "
            "node. Compare the fingerprint with their administrator by phone before relying on it."
        ),
    )


class KeyRotateForm(forms.Form):
    overlap_hours = forms.FloatField(
        label=_("Overlap (hours)"),
        initial=72,
        min_value=1,
        max_value=24 * 14,
        help_text=_("How long partners still accept the old key while they learn the new one."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that partners will be sent the new key."), required=True
    )
