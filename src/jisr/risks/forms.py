"""Forms of the risks pages (the services check every bound again)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.core.handling import HandlingCode
from jisr.exchange.models import InformationAccuracy, SourceReliability
from jisr.risks.models import INDICATOR_CHOICES, BulletinKind, CrimeArea, TaskStatus, Trend

SCORES = [(i, str(i)) for i in range(1, 6)]
DATE = forms.DateInput(attrs={"type": "date"})


class RiskForm(forms.Form):
    title_ar = forms.CharField(label=_("Title (Arabic)"), max_length=200, required=False)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    description_ar = forms.CharField(
        label=_("Description (Arabic)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "rtl"}),
    )
    description_fr = forms.CharField(
        label=_("Description (French)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description_en = forms.CharField(
        label=_("Description (English)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    crime_area = forms.ChoiceField(label=_("Crime area"), choices=CrimeArea.choices)
    countries = forms.CharField(
        label=_("Countries"),
        required=False,
        max_length=300,
        help_text=_("Two-letter codes separated by commas: MA, FR, ES"),
    )
    regions = forms.CharField(label=_("Regions"), required=False, max_length=1000)
    routes = forms.CharField(label=_("Routes"), required=False, max_length=1000)
    border_crossings = forms.CharField(
        label=_("Border crossing points"), required=False, max_length=1000
    )
    likelihood = forms.TypedChoiceField(label=_("Likelihood"), choices=SCORES, coerce=int)
    impact = forms.TypedChoiceField(label=_("Impact"), choices=SCORES, coerce=int)
    trend = forms.ChoiceField(label=_("Trend"), choices=Trend.choices, initial="stable")
    warning_signs = forms.CharField(
        label=_("Indicators and warning signs"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    review_on = forms.DateField(label=_("Review date"), widget=DATE)
    mitigation = forms.CharField(label=_("Mitigation measure"), required=False, max_length=300)
    mitigation_owner = forms.CharField(label=_("Measure owner"), required=False, max_length=200)
    mitigation_due = forms.DateField(label=_("Measure due date"), required=False, widget=DATE)

    def service_data(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        data = dict(self.cleaned_data)
        measure = {
            "measure": data.pop("mitigation"),
            "responsible": data.pop("mitigation_owner"),
            "due_on": data.pop("mitigation_due"),
        }
        return data, [measure] if measure["measure"] else []


class AssessmentForm(forms.Form):
    likelihood = forms.TypedChoiceField(label=_("Likelihood"), choices=SCORES, coerce=int)
    impact = forms.TypedChoiceField(label=_("Impact"), choices=SCORES, coerce=int)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BulletinForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=BulletinKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    recommended_measures = forms.CharField(
        label=_("Recommended measures"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    indicators = forms.CharField(
        label=_("Indicators"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "ltr"}),
        help_text=_("One a line, its type then its value: phone +212 612 345 678"),
    )
    handling_code = forms.ChoiceField(
        label=_("Handling code"), choices=HandlingCode.choices, initial="H1"
    )
    restrictions = forms.CharField(label=_("H3 restrictions"), required=False, max_length=300)
    source_reliability = forms.ChoiceField(
        label=_("Source evaluation"), choices=SourceReliability.choices, initial="X"
    )
    information_accuracy = forms.ChoiceField(
        label=_("Information evaluation"), choices=InformationAccuracy.choices, initial="4"
    )
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE)
    recipients = forms.MultipleChoiceField(
        label=_("Recipients"), choices=(), widget=forms.CheckboxSelectMultiple
    )
    risks = forms.MultipleChoiceField(label=_("Linked risks"), choices=(), required=False)
    playbook = forms.ChoiceField(
        label=_("Playbook to trigger on release"), choices=(), required=False
    )

    def __init__(
        self, *args: Any, partners: list[str], risks: list[Any], playbooks: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._choices("recipients", [(c, c) for c in partners])
        self._choices("risks", [(str(r.id), r.title) for r in risks])
        self._choices("playbook", [("", "—"), *[(str(p.id), p.name) for p in playbooks]])

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def indicator_rows(self) -> list[dict[str, str]]:
        kinds = {value for value, _label in INDICATOR_CHOICES}
        rows = []
        for line in (self.cleaned_data.get("indicators") or "").splitlines():
            line = line.strip()
            if not line:
                continue
            kind, _sep, value = line.partition(" ")
            rows.append(
                {
                    "type": kind.strip().lower() if kind.strip().lower() in kinds else kind,
                    "value": value.strip(),
                }
            )
        return rows


class TriggerForm(forms.Form):
    playbook = forms.ChoiceField(label=_("Playbook"), choices=())


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)


class PlaybookForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    crime_area = forms.ChoiceField(label=_("Crime area"), choices=CrimeArea.choices)
    bulletin_kind = forms.ChoiceField(
        label=_("Bulletin kind"), choices=[("", "—"), *BulletinKind.choices], required=False
    )
    steps = forms.CharField(
        label=_("Steps"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One step a line: agency code | what to do | within how many hours"),
    )

    def service_data(self) -> dict[str, Any]:
        """What ``playbook_save`` takes from the form."""
        return {
            "name": self.cleaned_data["name"],
            "crime_area": self.cleaned_data["crime_area"],
            "bulletin_kind": self.cleaned_data["bulletin_kind"],
            "steps": self.step_rows(),
        }

    def step_rows(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for line in (self.cleaned_data.get("steps") or "").splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            hours: Any = parts[2] if len(parts) > 2 else ""
            rows.append(
                {
                    "agency": parts[0],
                    "action": parts[1] if len(parts) > 1 else "",
                    "within_hours": int(hours) if str(hours).isdigit() else None,
                }
            )
        return rows


class MispImportForm(forms.Form):
    file = forms.FileField(label=_("MISP event (JSON)"))
