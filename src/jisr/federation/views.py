from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from jisr.federation import inbox as inbox_service
from jisr.federation.selectors import access_dead_letter_for_retry, access_links_for_administration
from jisr.federation.services import outbox_retry


@csrf_exempt
@require_POST
def inbox(request: HttpRequest) -> HttpResponse:
    """Where partner nodes POST signed envelopes. Authenticated by the signature alone."""
    headers = {name.lower(): value for name, value in request.headers.items()}
    result = inbox_service.receive(
        method=request.method or "POST", path=request.path, headers=headers, body=request.body
    )
    return JsonResponse(result.payload, status=result.status)


@login_required
def links(request: HttpRequest) -> HttpResponse:
    """The administrator's view of every partner link."""
    rows = access_links_for_administration(request.user)
    return render(request, "federation/links.html", {"links": rows})


@login_required
@require_POST
def retry(request: HttpRequest, envelope_id: str) -> HttpResponse:
    envelope = access_dead_letter_for_retry(str(envelope_id), request.user)
    try:
        outbox_retry(acting_user=request.user, envelope=envelope)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(request, _("The envelope will be sent again."))
    return redirect("federation:links")
