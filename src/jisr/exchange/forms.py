"""Forms: open a case, compose a message, forward, consent. Rules live in services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.core import bounds
from jisr.core.handling import HandlingCode
from jisr.exchange.models import (
    CaseStatus,
    Consent,
    CrimeArea,
    InformationAccuracy,
    Language,
    MessageKind,
    Priority,
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
        widget=forms.Textarea(attrs={"rows": 8}),
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
    in_reply_to = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    attachments = MultipleFileField(label=_("Attachments"))

    def names(self) -> list[str]:
        raw = self.cleaned_data.get("person_names") or ""
        return [line.strip() for line in raw.splitlines() if line.strip()]


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
