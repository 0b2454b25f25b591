from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jisr.audit import witness
from jisr.audit.actions import AuditAction
from jisr.audit.forms import AuditFilterForm
from jisr.audit.permissions import VIEW_AUDIT_LOG
from jisr.audit.selectors import audit_entries_for_dpo, witness_status_for_dpo
from jisr.audit.services import audit_record
from jisr.audit.verify import verify_chain
from jisr.core.access import require_perm
from jisr.core.exports import EXPORT_MAX_ROWS, export_response
from jisr.core.web import paginate

#: The columns of the log it sorts by (key in the URL -> fields).
AUDIT_SORTS = {
    "seq": "seq",
    "actor": "actor_username",
    "action": "action",
    "recipient": "recipient",
}


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The data protection officer's view of the log, filtered and paginated."""
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    entries = audit_entries_for_dpo(request.user, filters)
    page = paginate(request, entries, sorts=AUDIT_SORTS, default_sort="-seq")
    chain = verify_chain() if request.GET.get("verify") else None
    if chain is not None:
        audit_record(
            request.user, AuditAction.AUDIT_VERIFY, extra={"ok": chain.ok, "rows": chain.rows}
        )
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "page": page,
            "chain": chain,
            "witnesses": witness_status_for_dpo(request.user),
        },
        status=422 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
def audit_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered log as CSV or XLSX (newest first); the export is itself logged."""
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        messages.error(request, _("The filters are not valid; nothing was exported."))
        return redirect("audit:log")
    filters = form.cleaned_data if form.is_bound else {}
    entries = list(audit_entries_for_dpo(request.user, filters)[:EXPORT_MAX_ROWS])
    header = [
        _("Sequence"),
        _("Time (UTC)"),
        _("Actor"),
        _("Actor's agency"),
        _("Action"),
        _("Object type"),
        _("Object"),
        _("Recipient"),
        _("Justification"),
        _("Hash"),
        _("Action name"),
    ]
    rows = [
        [
            e.seq,
            e.created_at.isoformat(),
            e.actor_username,
            e.actor_agency,
            e.action,
            e.target_type,
            e.target_id,
            e.recipient,
            e.justification,
            e.hash,
            e.action_label,
        ]
        for e in entries
    ]
    audit_record(
        request.user,
        AuditAction.AUDIT_EXPORT,
        extra={
            "format": fmt,
            "rows": len(rows),
            "filters": {k: str(v) for k, v in filters.items() if v},
        },
    )
    return export_response(f"audit-log.{fmt}", header, rows, fmt=fmt)


@login_required
@require_POST
def witness_check(request: HttpRequest) -> HttpResponse:
    """Ask every partner for the anchors it witnessed; the answers arrive in the background."""
    require_perm(request.user, VIEW_AUDIT_LOG, _("You may not browse the audit log."))
    witness.request_checks(request.user)
    messages.success(
        request,
        _("The partners were asked for the anchors they witnessed; their answers appear below."),
    )
    return redirect("audit:log")
