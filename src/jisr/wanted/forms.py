"""Forms of the register pages. They only parse; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jisr.core import bounds
from jisr.core.handling import OWNER_ONLY_LABEL, HandlingCode
from jisr.core.web import service_errors_to_form
from jisr.wanted.reference import (
    Category,
    DocumentType,
    HitAction,
    HitOutcome,
    OffenceCategory,
    Sex,
)

LINES = forms.Textarea(attrs={"rows": 3})


def _lines(value: str) -> list[str]:
    return [v.strip() for v in (value or "").splitlines() if v.strip()]


def _documents_help() -> str:
    types = ", ".join(f"{label} ({value})" for value, label in DocumentType.choices)
    return gettext("One per line: type;number;issuing country — types: %(types)s") % {
        "types": types
    }


def document_type_code(typed: str) -> str:
    """The stored code of a document type typed as its code or its name in any language."""
    wanted = typed.strip().casefold()
    for value, label in DocumentType.choices:
        if wanted == value:
            return value
        for lang in ("ar", "fr", "en"):
            with translation.override(lang):
                if wanted == str(label).casefold():
                    return value
    return typed


class AlertForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    names = forms.CharField(
        label=_("Names"),
        widget=LINES,
        max_length=bounds.MAX_NAMES * (bounds.MAX_NAME + 1),
        help_text=_("One name per line, in every script known."),
    )
    aliases = forms.CharField(
        label=_("Aliases"),
        widget=LINES,
        required=False,
        max_length=bounds.MAX_NAMES * (bounds.MAX_NAME + 1),
        help_text=_("One per line."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    birth_date = forms.CharField(
        label=_("Date of birth"),
        required=False,
        max_length=10,
        help_text=_("YYYY, YYYY-MM or YYYY-MM-DD, as precise as known."),
    )
    place_of_birth = forms.CharField(label=_("Place of birth"), required=False, max_length=200)
    nationality = forms.CharField(
        label=_("Nationalities"),
        required=False,
        max_length=100,
        help_text=_("ISO country codes separated by commas, e.g. MA, FR."),
    )
    documents = forms.CharField(
        label=_("Identity documents"),
        widget=LINES,
        required=False,
        max_length=2000,
        # Built when shown, not at import, so each reader gets their own language.
        help_text=lazy(lambda: _documents_help(), str)(),
    )
    physical_description = forms.CharField(
        label=_("Physical description"),
        widget=LINES,
        required=False,
        max_length=bounds.MAX_LONG_TEXT,
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    handling_code = forms.ChoiceField(
        label=_("Handling code"), choices=HandlingCode.choices, initial="H1"
    )
    handling_restriction = forms.CharField(
        label=_("Restrictions (H3)"),
        max_length=500,
        required=False,
        help_text=_("Required for H3: the restrictions, written out."),
    )
    owner_only = forms.BooleanField(label=OWNER_ONLY_LABEL, required=False)
    legal_reference = forms.CharField(
        label=_("Warrant or decision reference"), required=False, max_length=200
    )
    legal_authority = forms.CharField(label=_("Issuing authority"), required=False, max_length=200)
    legal_date = forms.CharField(
        label=_("Date of the decision"),
        required=False,
        max_length=10,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    offence_category = forms.ChoiceField(
        label=_("Offence category"), choices=[("", "—"), *OffenceCategory.choices], required=False
    )
    offence_description = forms.CharField(
        label=_("Offence description"),
        widget=LINES,
        required=False,
        max_length=bounds.MAX_LONG_TEXT,
    )
    max_penalty = forms.CharField(label=_("Maximum penalty"), required=False, max_length=200)

    FIELD_OF_ERROR = {
        "legal_basis.offence_category": "offence_category",
        "legal_basis.date": "legal_date",
        "legal_basis.reference": "legal_reference",
        "legal_basis.authority": "legal_authority",
        "legal_basis.max_penalty": "max_penalty",
        "legal_basis.offence_description": "offence_description",
        "legal_basis": None,
        "status": None,
    }

    def to_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        documents = []
        for line in _lines(d.get("documents", "")):
            parts = [p.strip() for p in line.split(";")]
            documents.append(
                {
                    "type": document_type_code(parts[0]),
                    "number": parts[1] if len(parts) > 1 else "",
                    "country": parts[2] if len(parts) > 2 else "",
                }
            )
        return {
            "category": d["category"],
            "names": _lines(d["names"]),
            "aliases": _lines(d.get("aliases", "")),
            "sex": d.get("sex") or "",
            "birth_date": d.get("birth_date", ""),
            "place_of_birth": d.get("place_of_birth", ""),
            "nationality": [
                n.strip() for n in (d.get("nationality") or "").split(",") if n.strip()
            ],
            "documents": documents,
            "physical_description": d.get("physical_description", ""),
            "handling_code": d["handling_code"],
            "handling_restriction": d.get("handling_restriction", ""),
            "owner_only": bool(d.get("owner_only")),
            "legal_basis": {
                "reference": d.get("legal_reference", ""),
                "authority": d.get("legal_authority", ""),
                "date": d.get("legal_date") or None,
                "offence_category": d.get("offence_category", ""),
                "offence_description": d.get("offence_description", ""),
                "max_penalty": d.get("max_penalty", ""),
            },
        }

    def add_service_errors(self, exc: ValidationError) -> None:
        service_errors_to_form(self, exc, self.FIELD_OF_ERROR)

    @classmethod
    def initial_for(cls, alert: Any) -> dict[str, Any]:
        return {
            "category": alert.category,
            "names": "\n".join(alert.names),
            "aliases": "\n".join(alert.aliases),
            "sex": alert.sex,
            "birth_date": alert.birth_date,
            "place_of_birth": alert.place_of_birth,
            "nationality": ", ".join(alert.nationalities),
            "documents": "\n".join(
                f"{d['type']};{d['number']};{d.get('country', '')}" for d in alert.documents
            ),
            "physical_description": alert.physical_description,
            "handling_code": alert.handling_code,
            "handling_restriction": alert.handling_restriction,
            "owner_only": alert.owner_only,
            "legal_reference": alert.legal_reference,
            "legal_authority": alert.legal_authority,
            "legal_date": alert.legal_date.isoformat() if alert.legal_date else "",
            "offence_category": alert.offence_category,
            "offence_description": alert.offence_description,
            "max_penalty": alert.max_penalty,
        }


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    legal_basis_present = forms.BooleanField(
        label=_("The legal basis is present and valid."), required=False
    )
    ordinary_crime = forms.BooleanField(
        label=_(
            "The offence is ordinary crime, with no political, military, religious or racial character "
            "(INTERPOL Constitution, Article 3)."
        ),
        required=False,
    )
    sharing_proportionate = forms.BooleanField(
        label=_("Sharing with the chosen partners is proportionate."), required=False
    )
    share_with = forms.MultipleChoiceField(
        label=_("Share with"), required=False, widget=forms.CheckboxSelectMultiple, choices=[]
    )
    reason = forms.CharField(label=_("Reason"), widget=LINES, max_length=bounds.MAX_LONG_TEXT)

    def __init__(self, *args: Any, partners: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["share_with"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(a.code, f"{a.code} — {a.name}") for a in partners]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=LINES, max_length=bounds.MAX_LONG_TEXT)


class ScreeningForm(forms.Form):
    purpose = forms.CharField(
        label=_("Purpose"),
        help_text=_("A case reference or a justification. It is logged."),
        max_length=500,
    )
    names = forms.CharField(
        label=_("Names"),
        widget=LINES,
        max_length=bounds.MAX_NAMES * (bounds.MAX_NAME + 1),
        help_text=_("One name per line, any script."),
    )
    birth_date = forms.CharField(
        label=_("Date of birth"),
        required=False,
        max_length=10,
        help_text=_("YYYY, YYYY-MM or YYYY-MM-DD."),
    )
    nationality = forms.CharField(
        label=_("Nationalities"), required=False, max_length=100, help_text=_("e.g. MA, FR")
    )

    def subject(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "names": _lines(d["names"]),
            "birth_date": d.get("birth_date") or None,
            "nationality": [
                n.strip() for n in (d.get("nationality") or "").split(",") if n.strip()
            ],
        }


class BatchForm(forms.Form):
    purpose = forms.CharField(
        label=_("Purpose"),
        help_text=_("A case reference or a justification. It is logged."),
        max_length=500,
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV or XLSX with the columns names, birth_date, nationality (lists separated by ;), or JSONL."
        ),
    )


class HitForm(forms.Form):
    location = forms.CharField(label=_("Where"), max_length=300)
    seen_at = forms.DateTimeField(
        label=_("When"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    document_seen = forms.CharField(label=_("Document seen"), required=False, max_length=300)
    circumstances = forms.CharField(
        label=_("Circumstances"), widget=LINES, max_length=bounds.MAX_LONG_TEXT
    )


class RespondForm(forms.Form):
    action = forms.ChoiceField(label=_("Action to take"), choices=HitAction.choices)
    note = forms.CharField(
        label=_("Instructions"), widget=LINES, required=False, max_length=bounds.MAX_LONG_TEXT
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=HitOutcome.choices)
    note = forms.CharField(
        label=_("Note"), widget=LINES, required=False, max_length=bounds.MAX_LONG_TEXT
    )
