"""Forms: open a case, compose a message, forward, consent. Rules live in services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.core import bounds
from jisr.core.entities import EntityType
from jisr.core.handling import HandlingCode
from jisr.exchange.models import (
    CaseStatus,
    Consent,
    CrimeArea,
    InformationAccuracy,
    Language,
    MessageKind,
    Priority,
    RefusalGround,
    SourceReliability,
)

BLANK: list[tuple[str, Any]] = [("", "—")]


class CaseOpenForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    crime_area = forms.ChoiceField(label=_("Crime area"), choices=BLANK + CrimeArea.choices)
    partners = forms.MultipleChoiceField(
        label=_("Participating agencies"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, partners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["partners"]).choices = partners


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class MessageForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=BLANK + MessageKind.choices)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=100_000,  # a long report fits; a runaway paste does not
    )
    handling_code = forms.ChoiceField(
        label=_("Handling code"), choices=BLANK + HandlingCode.choices
    )
    handling_restriction = forms.CharField(
        label=_("Restriction (H3)"), max_length=500, required=False
    )
    source_reliability = forms.ChoiceField(
        label=_("Source reliability"), choices=BLANK + SourceReliability.choices
    )
    information_accuracy = forms.ChoiceField(
        label=_("Information accuracy"), choices=BLANK + InformationAccuracy.choices
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        choices=BLANK + Priority.choices,
        required=False,
        help_text=_("Requests need one: urgent sets a short deadline, normal a longer one."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    person_names = forms.CharField(
        label=_("People named (one per line)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=bounds.MAX_NAMES * (bounds.MAX_NAME + 1),
    )
    contains_personal_data = forms.BooleanField(label=_("Contains personal data"), required=False)
    directly_accessible = forms.TypedChoiceField(
        label=_("Is the information directly accessible to the requested agency?"),
        choices=[
            ("", "—"),
            ("yes", _("Yes, in its own databases (urgent: 8 hours)")),
            ("no", _("No, it must be obtained from another authority (urgent: 3 days)")),
        ],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )
    entities = forms.CharField(
        label=_("Entities (one per line: type: value, e.g. phone: +33 6 12 34 56 78)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=50 * 320,
        help_text=_(
            "Types: phone, email, vehicle, document, iban, crypto, address, person, organisation."
        ),
    )
    translation = forms.CharField(
        label=_("Translation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=100_000,
    )
    translation_language = forms.ChoiceField(
        label=_("Language of the translation"),
        choices=BLANK + Language.choices,
        required=False,
    )
    in_reply_to = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    attachments = MultipleFileField(label=_("Attachments"))

    def names(self) -> list[str]:
        raw = self.cleaned_data.get("person_names") or ""
        return [line.strip() for line in raw.splitlines() if line.strip()]

    def entity_lines(self) -> list[tuple[str, str]]:
        """``type: value`` lines as pairs; a line without a known type is kept as an error."""
        pairs = []
        for line in (self.cleaned_data.get("entities") or "").splitlines():
            if not line.strip():
                continue
            kind, _sep, value = line.partition(":")
            kind = kind.strip().lower()
            pairs.append((kind if kind in EntityType.values else kind or "?", value.strip()))
        return pairs


class ForwardForm(forms.Form):
    agency = forms.ChoiceField(label=_("Forward to"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=bounds.MAX_LONG_TEXT,
    )

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["agency"]).choices = BLANK + agencies


class CopyForm(forms.Form):
    case = forms.ChoiceField(label=_("Copy into the case"))

    def __init__(self, *args: Any, cases: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["case"]).choices = BLANK + cases


class ConsentForm(forms.Form):
    holder = forms.ChoiceField(label=_("Agency that may pass it on"))
    scope = forms.ChoiceField(label=_("Consent to"), choices=Consent.Scope.choices)
    third_party = forms.ChoiceField(label=_("Only to"), required=False)

    def __init__(
        self,
        *args: Any,
        holders: list[tuple[str, str]],
        others: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["holder"]).choices = holders
        cast(forms.ChoiceField, self.fields["third_party"]).choices = [
            ("", _("any agency")),
            *others,
        ]


class CaseStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CaseStatus.choices)


# --- the request desk ------------------------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class AssignForm(forms.Form):
    username = forms.ChoiceField(label=_("Handler"))

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["username"]).choices = BLANK + members


class RefuseForm(forms.Form):
    grounds = forms.MultipleChoiceField(
        label=_("Grounds of refusal"),
        choices=RefusalGround.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=bounds.MAX_LONG_TEXT,
    )
    partial = forms.BooleanField(
        label=_("Only part of the request is refused (the rest is answered)"), required=False
    )


class ClarifyForm(forms.Form):
    question = forms.CharField(
        label=_("Question for the requester"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=bounds.MAX_LONG_TEXT,
    )


class SuspendForm(ReasonForm):
    pass


class ExtendForm(ReasonForm):
    hours = forms.FloatField(label=_("Extension (hours)"), min_value=1, max_value=24 * 30)


class CorrectForm(ReasonForm):
    directly_accessible = forms.TypedChoiceField(
        label=_("The information is"),
        choices=[("yes", _("directly accessible")), ("no", _("only indirectly accessible"))],
        coerce=lambda value: value == "yes",
    )


class StatisticsForm(forms.Form):
    partner = forms.ChoiceField(label=_("Partner"), required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, partners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["partner"]).choices = [
            ("", _("all partners")),
            *partners,
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data
