from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.core import timefmt


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    otp_token = forms.RegexField(
        label=_("Authenticator code"),
        regex=r"^\d{6}$",
        required=False,
        help_text=_("First login, or a new phone? Leave it empty: you will set up the app next."),
        error_messages={"invalid": _("Enter the 6-digit code from your authenticator app.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class UserActiveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class TimeZoneForm(forms.Form):
    """A user's own time zone; blank keeps the node's."""

    time_zone = forms.ChoiceField(label=_("Time zone"), required=False)

    def __init__(self, *args: Any, node_zone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        blank = _("The node's time zone (%(zone)s)") % {"zone": node_zone}
        field = self.fields["time_zone"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", blank)] + [(name, name) for name in timefmt.time_zone_names()]
