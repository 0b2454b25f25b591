from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.core.widgets import DateInput
from jisr.plan.models import (
    ActionStatus,
    EvidenceKind,
    Granularity,
    Mechanism,
    MechanismAssessment,
    PlanStatus,
    Report,
)
from jisr.plan.services import MAX_COMMENT, MAX_DESCRIPTION, MAX_TITLE


class ActionFieldsForm(forms.Form):
    """An action's texts in the user's language, its dates and counterpart unit."""

    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=MAX_DESCRIPTION,
    )
    counterpart_unit = forms.CharField(
        label=_("Partner counterpart (unit)"), max_length=200, required=False
    )
    starts_on = forms.DateField(label=_("Start"), widget=DateInput)
    due_on = forms.DateField(label=_("Due"), widget=DateInput)


class ActionForm(ActionFieldsForm):
    field_order = ["pillar"]

    pillar = forms.ChoiceField(label=_("Pillar"))

    def __init__(self, *args: Any, pillars: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["pillar"]
        field.choices = [(str(p.pk), f"{p.number}. {p.label}") for p in pillars]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ActionStatus.choices)
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=MAX_COMMENT
    )


class ReportForm(forms.Form):
    period_from = forms.DateField(label=_("From"), widget=DateInput)
    period_to = forms.DateField(label=_("To"), widget=DateInput)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("ar", "العربية"), ("fr", "Français"), ("en", "English")]
    )
    format = forms.ChoiceField(label=_("Format"), choices=Report.Format.choices)


class ManualValueForm(forms.Form):
    period_start = forms.DateField(label=_("From"), widget=DateInput)
    period_end = forms.DateField(label=_("To"), widget=DateInput)
    value = forms.FloatField(label=_("Value"), min_value=-1e9, max_value=1e9)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class AssessmentForm(forms.Form):
    mechanism = forms.ChoiceField(label=_("Mechanism"), choices=Mechanism.choices)
    period_from = forms.DateField(label=_("From"), widget=DateInput)
    period_to = forms.DateField(label=_("To"), widget=DateInput)
    rating = forms.ChoiceField(label=_("Rating"), choices=MechanismAssessment.Rating.choices)
    assessment = forms.CharField(
        label=_("Assessment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_DESCRIPTION
    )
    recommendations = forms.CharField(
        label=_("Recommendations (one per line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=10_000,
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=MAX_TITLE)
    due_on = forms.DateField(label=_("Date"), widget=DateInput)
    evidence_kind = forms.ChoiceField(
        label=_("Evidence"), choices=[("", "—"), *EvidenceKind.choices], required=False
    )
    evidence_ref = forms.CharField(
        label=_("Evidence reference (identifier or document address)"),
        max_length=500,
        required=False,
    )


class BindingForm(forms.Form):
    code = forms.ChoiceField(label=_("Indicator"))
    target = forms.FloatField(label=_("Target"), required=False, min_value=-1e9, max_value=1e9)
    granularity = forms.ChoiceField(label=_("Period"), choices=Granularity.choices)

    def __init__(self, *args: Any, definitions: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["code"]
        field.choices = [(d.code, f"{d.label} ({d.code})") for d in definitions]


class PlanForm(forms.Form):
    title_ar = forms.CharField(label=_("Title in Arabic"), max_length=MAX_TITLE, required=False)
    title_fr = forms.CharField(label=_("Title in French"), max_length=MAX_TITLE, required=False)
    title_en = forms.CharField(label=_("Title in English"), max_length=MAX_TITLE, required=False)
    parties = forms.MultipleChoiceField(
        label=_("Partner agencies"), widget=forms.CheckboxSelectMultiple
    )
    signed_on = forms.DateField(label=_("Signature date"), widget=DateInput)
    starts_on = forms.DateField(label=_("Start"), widget=DateInput)
    ends_on = forms.DateField(label=_("End"), widget=DateInput)
    status = forms.ChoiceField(label=_("Status"), choices=PlanStatus.choices)

    def __init__(self, *args: Any, partners: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["parties"]
        field.choices = [(a.code, f"{a.code} — {a.name}") for a in partners]


class ActionEditForm(ActionFieldsForm):
    """The action's texts in the user's language, its dates and counterpart unit, and why."""

    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=MAX_COMMENT,
    )


class PillarBindingForm(BindingForm):
    pillar = forms.ChoiceField(label=_("Pillar"))
    field_order = ["pillar", "code", "target", "granularity"]

    def __init__(self, *args: Any, pillars: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["pillar"]
        field.choices = [(str(p.pk), f"{p.number}. {p.label}") for p in pillars]
        self.order_fields(self.field_order)
