"""Forms of the working-group pages (the services check everything again)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.accounts.models import Agency, User
from jisr.core import bounds
from jisr.core.handling import HandlingCode
from jisr.core.widgets import DateInput, DateTimeInput
from jisr.exchange.forms import MultipleFileField
from jisr.groups import models as gm


class QuickSelect(forms.Select):
    """A select rendered in one pass (a group may have hundreds of targets to choose from)."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> Any:
        from django.utils.html import format_html, format_html_join

        final = self.build_attrs(self.attrs, attrs)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if str(key) == str(value or "") else "", label)
                for key, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}" id="{}">{}</select>', name, final.get("id", ""), options
        )


def _own_users() -> Any:
    return User.objects.filter(agency__is_own=True, is_active=True).order_by("username")


def own_users_not_in(group: gm.WorkingGroup) -> list[Any]:
    """Users of this node's agency who could be named members of ``group``."""
    named = set(group.members.filter(owner__is_own=True).values_list("username", flat=True))
    return [u for u in _own_users() if u.username not in named and u.has_perm("groups.use_groups")]


class UserChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{obj.username} — {name}" if name else str(obj.username)


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=bounds.MAX_NAME)
    kind = forms.ChoiceField(label=_("Kind"), choices=gm.GroupKind.choices)
    crime_area = forms.ChoiceField(
        label=_("Crime area"), choices=gm.CrimeArea.choices, required=False
    )
    mandate = forms.CharField(
        label=_("Mandate"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=bounds.MAX_LONG_TEXT,
        required=False,
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner agencies"),
        queryset=Agency.objects.filter(is_own=False),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
    )
    members = UserChoice(
        label=_("Members of my agency"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        to_field_name="username",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = _own_users()  # type: ignore[attr-defined]


class AcceptForm(forms.Form):
    members = UserChoice(
        label=_("Members of my agency"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="username",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = _own_users()  # type: ignore[attr-defined]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class CloseForm(forms.Form):
    closing_report = forms.CharField(
        label=_("Closing report"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=bounds.MAX_LONG_TEXT,
    )


class TargetForm(forms.Form):
    alert_id = forms.ChoiceField(label=_("Wanted alert"), required=False)
    names = forms.CharField(
        label=_("Or a person of interest: names (one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    birth_date = forms.CharField(
        label=_("Date of birth"),
        required=False,
        max_length=10,
        help_text=_("YYYY, YYYY-MM or YYYY-MM-DD"),
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        coerce=int,
        initial=2,
        choices=[(1, _("1 — high")), (2, _("2 — medium")), (3, _("3 — low"))],
    )
    lead_agency = forms.ChoiceField(label=_("Lead agency"))
    whereabouts = forms.CharField(label=_("Last known whereabouts"), required=False, max_length=300)

    def __init__(
        self,
        *args: Any,
        group: gm.WorkingGroup,
        alerts: list[tuple[str, str]],
        agencies: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["alert_id"].choices = [("", "—"), *alerts]  # type: ignore[attr-defined]
        self.fields["lead_agency"].choices = [(c, c) for c in agencies]  # type: ignore[attr-defined]


class TargetStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=gm.TargetStatus.choices)
    whereabouts = forms.CharField(label=_("Last known whereabouts"), required=False, max_length=300)


class LeadForm(forms.Form):
    text = forms.CharField(
        label=_("Lead"), widget=forms.Textarea(attrs={"rows": 3}), max_length=bounds.MAX_LONG_TEXT
    )
    target = forms.ChoiceField(label=_("Target"), required=False, widget=QuickSelect)
    occurred_on = forms.DateField(label=_("Date"), required=False, widget=DateInput)
    place = forms.CharField(label=_("Place"), required=False, max_length=300)
    source_evaluation = forms.ChoiceField(
        label=_("Source evaluation"), choices=gm.SourceEvaluation.choices
    )
    information_evaluation = forms.ChoiceField(
        label=_("Information evaluation"), choices=gm.InformationEvaluation.choices
    )
    handling_code = forms.ChoiceField(label=_("Handling code"), choices=HandlingCode.choices)
    attachments = MultipleFileField(label=_("Files"))
    supersedes = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, targets: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "—"), *targets]  # type: ignore[attr-defined]


class CaseForm(forms.Form):
    """Open an exchange case with the group's other agencies (the exchange opens it)."""

    subject = forms.CharField(label=_("Subject"), max_length=bounds.MAX_NAME)
    crime_area = forms.ChoiceField(label=_("Crime area"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from jisr.exchange.models import CrimeArea

        super().__init__(*args, **kwargs)
        self.fields["crime_area"].choices = [  # type: ignore[attr-defined]
            ("", _("The group's crime area")),
            *CrimeArea.choices,
        ]


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=bounds.MAX_NAME)
    assignee_agency = forms.ChoiceField(label=_("Responsible agency"))
    assignee_username = forms.CharField(
        label=_("Responsible person (optional)"), required=False, max_length=150
    )
    due = forms.DateTimeField(label=_("Due"), widget=DateTimeInput)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=bounds.MAX_LONG_TEXT,
    )

    def __init__(self, *args: Any, agencies: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee_agency"].choices = [(c, c) for c in agencies]  # type: ignore[attr-defined]


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (gm.TaskStatus.IN_PROGRESS, gm.TaskStatus.IN_PROGRESS.label),
            (gm.TaskStatus.DONE, gm.TaskStatus.DONE.label),
            (gm.TaskStatus.CANCELLED, gm.TaskStatus.CANCELLED.label),
        ],
    )
    note = forms.CharField(label=_("Result"), required=False, max_length=bounds.MAX_LONG_TEXT)


class MeetingForm(forms.Form):
    held_at = forms.DateTimeField(label=_("Date"), widget=DateTimeInput)
    place = forms.CharField(label=_("Place or video link"), required=False, max_length=300)
    participants = forms.CharField(label=_("Participants"), required=False, max_length=2000)
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=bounds.MAX_LONG_TEXT,
    )
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=bounds.MAX_LONG_TEXT,
    )
    decisions = forms.CharField(
        label=_("Decisions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=bounds.MAX_LONG_TEXT,
    )
    decision_task = forms.CharField(
        label=_("A decision that creates a task (title)"),
        required=False,
        max_length=bounds.MAX_NAME,
    )
    decision_agency = forms.ChoiceField(label=_("Responsible agency"), required=False)
    decision_due = forms.DateTimeField(label=_("Due"), required=False, widget=DateTimeInput)

    def __init__(self, *args: Any, agencies: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision_agency"].choices = [(c, c) for c in agencies]  # type: ignore[attr-defined]


class OperationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=bounds.MAX_NAME)
    objective = forms.CharField(
        label=_("Objective"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=bounds.MAX_LONG_TEXT,
    )
    day = forms.DateField(label=_("Action day"), required=False, widget=DateInput)
    comms_plan = forms.CharField(
        label=_("Communications plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=bounds.MAX_LONG_TEXT,
    )

    def __init__(self, *args: Any, agencies: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = agencies
        for code in agencies:
            self.fields[f"legal_{code}"] = forms.CharField(
                label=_("Legal basis in %(code)s") % {"code": code}, max_length=2000
            )
            self.fields[f"resources_{code}"] = forms.CharField(
                label=_("Resources committed by %(code)s") % {"code": code},
                required=False,
                max_length=2000,
            )

    def plan(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "objective": data["objective"],
            "day": data["day"],
            "comms_plan": data["comms_plan"],
            "phases": [],
            "target_ids": [],
            "legal_basis": {c: data[f"legal_{c}"] for c in self.agencies},
            "resources": {
                c: data[f"resources_{c}"] for c in self.agencies if data[f"resources_{c}"]
            },
        }


class LogForm(forms.Form):
    text = forms.CharField(label=_("Entry"), max_length=2000)


class ResultForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=gm.ResultKind.choices)
    quantity = forms.DecimalField(
        label=_("Quantity"),
        min_value=0,
        max_value=10**9,
        max_digits=14,
        decimal_places=3,
        initial=1,
    )
    seizure_type = forms.CharField(label=_("Seized"), required=False, max_length=100)
    unit = forms.CharField(label=_("Unit"), required=False, max_length=20)
