from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.privacy.reference import DsrDecision, DsrGround, DsrKind


class PersonSearchForm(forms.Form):
    name = forms.CharField(label=_("Name (any script)"), required=False, max_length=200)
    birth_date = forms.CharField(
        label=_("Date of birth (YYYY, YYYY-MM or YYYY-MM-DD)"), required=False, max_length=10
    )
    document = forms.CharField(label=_("Document number"), required=False, max_length=64)


class RetentionSetForm(forms.Form):
    days = forms.IntegerField(label=_("Period (days)"), min_value=0, max_value=100_000)


class ReviewExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Keep for (days)"), min_value=1, max_value=100_000)
    reason = forms.CharField(label=_("Reason"), max_length=500)


LANGUAGE_CHOICES = (("ar", _("Arabic")), ("fr", _("French")), ("en", _("English")))


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Request"), choices=DsrKind.choices)
    names = forms.CharField(
        label=_("Names (one per line, any script)"), max_length=2000, widget=forms.Textarea
    )
    birth_date = forms.CharField(
        label=_("Date of birth (YYYY, YYYY-MM or YYYY-MM-DD)"), required=False, max_length=10
    )
    documents = forms.CharField(
        label=_("Document numbers (one per line)"),
        required=False,
        max_length=700,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    received = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    identity_checked_by = forms.CharField(
        label=_("Identity checked by"), required=False, max_length=200
    )
    identity_note = forms.CharField(
        label=_("How the identity was checked"), required=False, max_length=1000
    )
    language = forms.ChoiceField(label=_("Language of the answer"), choices=LANGUAGE_CHOICES)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Extend by (days)"), min_value=1, max_value=60)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ForwardForm(forms.Form):
    agency = forms.ChoiceField(label=_("Partner"), choices=())

    def __init__(self, *args: object, partners: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["agency"].choices = partners  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=DsrDecision.choices)
    ground = forms.ChoiceField(
        label=_("Ground (required to refuse or answer in part)"),
        choices=[("", "—"), *DsrGround.choices],
        required=False,
    )
    answer = forms.CharField(
        label=_("Answer"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    records = forms.MultipleChoiceField(
        label=_("Records concerned (to rectify, erase or restrict)"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: object, records: list[tuple[str, str]] | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["records"].choices = records or []  # type: ignore[attr-defined]
