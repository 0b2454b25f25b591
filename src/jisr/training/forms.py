"""Forms of the training pages; the services check every rule again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.accounts.models import Agency
from jisr.core import bounds
from jisr.core.widgets import DateInput
from jisr.training.reference import (
    AssistanceKind,
    Decision,
    Domain,
    Format,
    InstructionLanguage,
    LanguageLevel,
    Priority,
    Result,
)


def _text(label: Any, limit: int = bounds.MAX_LONG_TEXT, rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=limit, widget=forms.Textarea(attrs={"rows": rows})
    )


class CourseForm(forms.Form):
    title_ar = forms.CharField(label=_("Title (Arabic)"), max_length=200, required=False)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    description_ar = _text(_("Description (Arabic)"))
    description_fr = _text(_("Description (French)"))
    description_en = _text(_("Description (English)"))
    domain = forms.ChoiceField(label=_("Domain"), choices=Domain.choices)
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices)
    duration_days = forms.IntegerField(label=_("Duration (days)"), min_value=1, max_value=365)
    languages = forms.MultipleChoiceField(
        label=_("Languages of instruction"),
        choices=InstructionLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    prerequisites = _text(_("Prerequisites"))
    seats_per_session = forms.IntegerField(label=_("Seats per session"), min_value=1, max_value=500)
    published = forms.BooleanField(label=_("Publish to partners"), required=False, initial=True)


class SessionForm(forms.Form):
    start = forms.DateField(label=_("First day"), widget=DateInput)
    end = forms.DateField(label=_("Last day"), widget=DateInput)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    link = forms.CharField(label=_("Link (online session)"), max_length=300, required=False)
    trainers = forms.CharField(label=_("Trainers"), max_length=300, required=False)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=500)
    partner = forms.ModelChoiceField(
        label=_("Partner agency"), queryset=Agency.objects.filter(is_own=False), required=False
    )
    partner_seats = forms.IntegerField(
        label=_("Seats for the partner"), min_value=0, max_value=500, initial=0
    )
    nomination_deadline = forms.DateField(
        label=_("Nominations until"), widget=DateInput, required=False
    )


class NominationForm(forms.Form):
    name = forms.CharField(label=_("Participant's name"), max_length=200)
    rank = forms.CharField(label=_("Rank"), max_length=100)
    unit = forms.CharField(label=_("Unit"), max_length=200)
    language_level = forms.ChoiceField(
        label=_("Language level"), choices=[("", "—"), *LanguageLevel.choices], required=False
    )
    motivation = _text(_("Reason for the nomination (kept internally)"))


class ApprovalForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("approve")), ("0", _("refuse"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class ResultForm(forms.Form):
    result = forms.ChoiceField(label=_("Assessment result"), choices=Result.choices)


class EvaluationForm(forms.Form):
    content = forms.IntegerField(label=_("Content (1–5)"), min_value=1, max_value=5)
    trainers = forms.IntegerField(label=_("Trainers (1–5)"), min_value=1, max_value=5)
    organisation = forms.IntegerField(label=_("Organisation (1–5)"), min_value=1, max_value=5)
    comment = _text(_("Comment"))


class AssistanceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AssistanceKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = _text(_("Description"), rows=4)
    provider = forms.ModelChoiceField(
        label=_("Providing agency"), queryset=Agency.objects.filter(is_own=False)
    )
    need_by = forms.DateField(label=_("Needed by"), widget=DateInput)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial="normal")
    success_criteria = _text(_("What would count as success"))
    event = forms.ChoiceField(label=_("Major event"), required=False, choices=[])

    def __init__(self, *args: object, events: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["event"].choices = [("", "—"), *events]  # type: ignore[attr-defined]


class DeploymentsField(forms.CharField):
    """People or teams deployed, one per line: "who; role; first day; last day; venue".

    Cleaned into the service's ``[{"who", "role", "from", "until", "venue"}]``; the service
    checks the names and dates.
    """

    def __init__(self) -> None:
        super().__init__(
            label=_("People or teams deployed"),
            required=False,
            max_length=10_000,
            widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
            help_text=_(
                "One per line: who; role; first day; last day; venue (optional). "
                "Days as YYYY-MM-DD."
            ),
        )

    def clean(self, value: Any) -> list[dict[str, str]]:
        raw = super().clean(value)
        rows = []
        for line in str(raw or "").splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(";")] + [""] * 5
            who, role, start, until, venue = parts[:5]
            rows.append({"who": who, "role": role, "from": start, "until": until, "venue": venue})
        return rows


class OfferForm(forms.Form):
    what = _text(_("What is offered"), rows=3)
    when = forms.CharField(label=_("When"), max_length=200, required=False)
    by_whom = forms.CharField(label=_("By whom"), max_length=200, required=False)
    cost = forms.CharField(label=_("Cost, if any"), max_length=200, required=False)
    deployments = DeploymentsField()


class DeliverForm(forms.Form):
    milestone = _text(_("Milestone delivered"), rows=2)
    deployments = DeploymentsField()


class CloseForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Was the need met? (1–5)"),
        choices=[(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
    )
    comment = _text(_("Comment"))
