"""A joint operation's debrief: figures and lessons learned, as PDF (Arabic RTL) or XLSX."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from jisr.audit.services import audit_record
from jisr.core.exports import content_disposition, export_response
from jisr.groups import models as gm
from jisr.groups.actions import GroupAction
from jisr.groups.selectors import approvals_state, operation_figures


def debrief_rows(operation: gm.Operation) -> list[tuple[str, Any]]:
    f = operation_figures(operation)
    rows: list[tuple[str, Any]] = [
        (_("Joint operation"), operation.name),
        (_("Working group"), operation.group.name),
        (_("Objective"), operation.objective),
        (_("Action day"), operation.day.isoformat() if operation.day else ""),
        (_("Plan version"), operation.plan_version),
    ]
    rows += [
        (_("Approved by %(agency)s") % {"agency": a["agency"]}, a["by"] if a["approved"] else "—")
        for a in approvals_state(operation)
    ]
    rows += [
        (_("Arrests"), f["arrest"]),
        (_("Searches"), f["search"]),
        (_("Persons located"), f["located"]),
    ]
    rows += [
        (_("Seized: %(what)s") % {"what": what}, f"{quantity.normalize():f}")
        for what, quantity in sorted(f["seizures"].items())
    ]
    rows += [
        (_("Log entries"), operation.log.count()),
        (_("Lessons learned"), operation.lessons_learned),
    ]
    return rows


def debrief_response(operation: gm.Operation, fmt: str, user: Any) -> HttpResponse:
    """The download; the export is audited with the group as purpose."""
    audit_record(
        user,
        GroupAction.OPERATION_DEBRIEF,
        target=operation,
        justification=f"group:{operation.group_id}",
        extra={"format": fmt},
    )
    lang = get_language() or "en"
    filename = f"debrief-{operation.id}-{lang}.{fmt}"
    rows = debrief_rows(operation)
    if fmt == "xlsx":
        return export_response(filename, [_("Figure"), _("Value")], rows, fmt="xlsx")
    from weasyprint import HTML

    html = render_to_string(
        "groups/debrief_pdf.html",
        {"operation": operation, "rows": rows, "lang": lang, "rtl": get_language_bidi()},
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename)
    return response
