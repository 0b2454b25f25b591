from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, ValidationError
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
    # For a signature that also covers @authority (RFC 9421 allows more than we require).
    headers.setdefault("host", request.META.get("SERVER_NAME", ""))
    try:
        body = request.body
    except RequestDataTooBig:
        result = inbox_service.refuse_too_large(headers)
        return JsonResponse(result.payload, status=result.status)
    result = inbox_service.receive(
        method=request.method or "POST",
        path=request.path,
        headers=headers,
        body=body,
        scheme=request.scheme or "https",
        query=request.META.get("QUERY_STRING", ""),
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
