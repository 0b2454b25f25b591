from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.accounts.models import Agency
from jisr.core import bounds
from jisr.core.widgets import DateInput, DateTimeInput
from jisr.events.models import Event, Incident, Protocol, Risk, Venue


class EventForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    starts_on = forms.DateField(label=_("First day"), widget=DateInput)
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=bounds.MAX_LONG_TEXT,
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Participating agencies"),
        queryset=Agency.objects.filter(is_own=False),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class VenueForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Venue.Kind.choices)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=0, max_value=bounds.MAX_CAPACITY)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)


class EventChildForm(forms.Form):
    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        if "venue" in self.fields:
            self.fields["venue"].queryset = event.venues.all()  # type: ignore[attr-defined]
        for name in ("agency", "owner_agency", "assigned_agency"):
            if name in self.fields:
                codes = [event.owner_id, *event.participants.values_list("agency_id", flat=True)]
                self.fields[name].queryset = Agency.objects.filter(pk__in=codes)  # type: ignore[attr-defined]


class DeploymentForm(EventChildForm):
    officer = forms.CharField(label=_("Officer"), max_length=200)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.all())
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.none(), required=False)
    starts_at = forms.DateTimeField(label=_("From"), widget=DateTimeInput)
    ends_at = forms.DateTimeField(label=_("Until"), widget=DateTimeInput)


SCALE5 = [(i, str(i)) for i in range(1, 6)]


class RiskForm(EventChildForm):
    threat = forms.CharField(label=_("Threat"), max_length=300)
    venue = forms.ModelChoiceField(
        label=_("Venue"),
        queryset=Venue.objects.none(),
        required=False,
        empty_label=_("Whole event"),
    )
    likelihood = forms.TypedChoiceField(label=_("Likelihood (1–5)"), choices=SCALE5, coerce=int)
    impact = forms.TypedChoiceField(label=_("Impact (1–5)"), choices=SCALE5, coerce=int)
    mitigation = forms.CharField(
        label=_("Mitigation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=bounds.MAX_LONG_TEXT,
    )
    owner_agency = forms.ModelChoiceField(label=_("Owner agency"), queryset=Agency.objects.all())
    status = forms.ChoiceField(label=_("Status"), choices=Risk.Status.choices)


class RiskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Risk.Status.choices)


class ProtocolForm(EventChildForm):
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.none())
    template = forms.ChoiceField(label=_("Template"), choices=Protocol.Template.choices)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("List of accredited people (CSV or XLSX)"))
    purpose = forms.CharField(
        label=_("Purpose"), max_length=300, initial=_("Accreditation screening for the event")
    )


class DecisionForm(forms.Form):
    # No default: a reviewer who submits without choosing gets an error, never a clearance.
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("", _("— choose —")),
            ("cleared", _("Not the wanted person: accreditation may go ahead")),
            ("flagged", _("May be the wanted person: report a hit to the alert's owner")),
        ],
    )
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class IncidentForm(EventChildForm):
    venue = forms.ModelChoiceField(
        label=_("Venue"),
        queryset=Venue.objects.none(),
        required=False,
        empty_label=_("— choose —"),
    )
    category = forms.ChoiceField(label=_("Category"), choices=Incident.Category.choices)
    severity = forms.TypedChoiceField(
        label=_("Severity"),
        choices=[
            ("", _("— choose —")),
            (1, _("1 · minor")),
            (2, _("2 · serious")),
            (3, _("3 · major")),
            (4, _("4 · critical")),
        ],
        coerce=int,
        required=False,
        empty_value=None,
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=bounds.MAX_LONG_TEXT,
    )
    assigned_agency = forms.ModelChoiceField(
        label=_("Agency assigned"), queryset=Agency.objects.all()
    )
    occurred_at = forms.DateTimeField(label=_("Time"), widget=DateTimeInput, required=False)


class IncidentStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Incident.Status.choices)


class LessonsForm(forms.Form):
    lessons_learned = forms.CharField(
        label=_("Lessons learned"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=bounds.MAX_LONG_TEXT,
    )
