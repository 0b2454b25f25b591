"""Forms of the administrator's pages and of the user's first login."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.accounts.roles import Role

_PASSWORD_HELP = _("At least 12 characters; not a common word or only digits.")


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        required=False,
        help_text=_("Only for pointer e-mails: no content is ever sent by e-mail."),
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )
    temporary_password = forms.CharField(
        label=_("Temporary password"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Give it to the user in person or by phone. At the first login they choose "
            "their own password and set up their authenticator app."
        ),
    )


class UserRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class PasswordResetForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How"),
        choices=[
            ("temporary", _("Set a temporary password (the user changes it at the next login)")),
            ("link", _("Make a one-time link (the old password stops working)")),
        ],
        widget=forms.RadioSelect,
        initial="temporary",
    )
    temporary_password = forms.CharField(
        label=_("Temporary password"),
        max_length=128,
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_PASSWORD_HELP,
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)


class NewPasswordForm(forms.Form):
    new_password = forms.CharField(
        label=_("New password"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_PASSWORD_HELP,
    )
    confirm = forms.CharField(
        label=_("New password again"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class EnrolForm(forms.Form):
    otp_token = forms.RegexField(
        label=_("Code shown by the app"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Enter the 6-digit code from your authenticator app.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
