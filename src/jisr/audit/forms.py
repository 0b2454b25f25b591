from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


def _action_choices() -> list[tuple[str, Any]]:
    from jisr.audit.actions import action_choices

    return [("", _("Any action")), *sorted(action_choices(), key=lambda c: c[1].casefold())]


def _user_choices() -> list[tuple[str, Any]]:
    """The node's own users, then "system": who can act on this node."""
    from django.contrib.auth import get_user_model

    names = (
        get_user_model()
        .objects.filter(agency__is_own=True)
        .order_by("username")
        .values_list("username", flat=True)
    )
    return [("", _("Anyone")), *((n, n) for n in names), ("system", _("the node itself"))]


def _partner_choices() -> list[tuple[str, Any]]:
    from jisr.accounts.models import Agency

    codes = Agency.objects.filter(is_own=False).order_by("code").values_list("code", flat=True)
    return [("", _("Any partner")), *((c, c) for c in codes)]


def _kind_choices() -> list[tuple[str, Any]]:
    """Every kind of record of the installed apps, by its translated name."""
    from django.apps import apps

    kinds = {
        model._meta.label_lower: f"{model._meta.verbose_name} ({model._meta.app_config.verbose_name})"
        for model in apps.get_models()
        if model._meta.app_label not in ("contenttypes", "sessions", "admin", "auth")
        and model._meta.app_config.name.startswith("jisr.")
    }
    ordered = sorted(kinds.items(), key=lambda item: str(item[1]).casefold())
    return [("", _("Any kind of record")), *((k, str(v)) for k, v in ordered)]


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False, choices=())
    user = forms.ChoiceField(label=_("User"), required=False, choices=())
    partner = forms.ChoiceField(label=_("Partner"), required=False, choices=())
    kind = forms.ChoiceField(label=_("Kind of record"), required=False, choices=())
    target = forms.CharField(label=_("Object"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("From (UTC)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To (UTC)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = _action_choices()  # type: ignore[attr-defined]
        self.fields["user"].choices = _user_choices()  # type: ignore[attr-defined]
        self.fields["partner"].choices = _partner_choices()  # type: ignore[attr-defined]
        self.fields["kind"].choices = _kind_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict:  # type: ignore[type-arg]
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data
