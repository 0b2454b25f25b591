"""The partners and keys page: view partners and keys, add a partner, rotate this node's key."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jisr.core.web import service_errors_to_form
from jisr.federation import admin_services
from jisr.federation.forms import KeyRotateForm, PartnerForm
from jisr.federation.keys import fingerprint
from jisr.federation.selectors import access_keys_for_administration


def _page(request: HttpRequest, status: int = 200, **forms: Any) -> HttpResponse:
    context = access_keys_for_administration(request.user)
    context["partner_form"] = forms.get("partner_form") or PartnerForm()
    context["rotate_form"] = forms.get("rotate_form") or KeyRotateForm()
    context["new_fingerprint"] = forms.get("new_fingerprint", "")
    return render(request, "federation/partners.html", context, status=status)


@login_required
def partners(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def partner_add(request: HttpRequest) -> HttpResponse:
    access_keys_for_administration(request.user)  # the permission check, before parsing
    form = PartnerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            partner = admin_services.partner_register(
                acting_user=request.user,  # type: ignore[arg-type]
                agency_code=data["agency_code"],
                url=data["url"],
                public_key=data["public_key"],
            )
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Partner %(code)s is registered. Key fingerprint: %(fingerprint)s. "
                    "Compare it with the partner's administrator."
                )
                % {
                    "code": partner.agency.code,
                    "fingerprint": fingerprint(data["public_key"].strip()),
                },
            )
            return redirect("federation:partners")
    return _page(request, status=422, partner_form=form)


@login_required
@require_POST
def key_rotate(request: HttpRequest) -> HttpResponse:
    access_keys_for_administration(request.user)
    form = KeyRotateForm(request.POST)
    if form.is_valid():
        try:
            key = admin_services.node_key_rotate(
                acting_user=request.user,  # type: ignore[arg-type]
                overlap_hours=form.cleaned_data["overlap_hours"],
            )
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _(
                    "A new key is current: %(fingerprint)s. Partners are sent it now; "
                    "the old key stays valid during the overlap."
                )
                % {"fingerprint": fingerprint(key.public_key)},
            )
            return redirect("federation:partners")
    return _page(request, status=422, rotate_form=form)
