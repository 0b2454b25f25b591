"""Every action the audit log records, in one enumeration grouped by domain.

The stored values are the strings the log has always held (``"alert.approve"``), so old
rows keep their meaning and the hash chain keeps verifying; never change a value, add a
new member instead. ``audit_record`` refuses any action not listed here, so a typo fails
in the tests rather than writing a row nobody can find. The labels are what the data
protection officer reads on the log page.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    # --- sign-in and sessions -------------------------------------------------------
    AUTH_LOGIN = "auth.login", _("Signed in")
    AUTH_LOGIN_FAILED = "auth.login_failed", _("Failed sign-in")
    AUTH_LOGOUT = "auth.logout", _("Signed out")

    # --- users and tokens -----------------------------------------------------------
    USER_CREATE = "user.create", _("User created")
    USER_ENABLE = "user.enable", _("User enabled")
    USER_DISABLE = "user.disable", _("User disabled")
    USER_VIEW = "user.view", _("User record consulted")
    TOKEN_CREATE = "token.create", _("API token created")
    TOKEN_REVOKE = "token.revoke", _("API token revoked")
    USER_ROLES_SET = "user.roles_set", _("User's roles changed")
    USER_UNLOCK = "user.unlock", _("Locked account unlocked")
    USER_PASSWORD_RESET = "user.password_reset", _("Password reset by an administrator")
    USER_PASSWORD_CHANGE = "user.password_change", _("Password changed")
    USER_TOTP_RESET = "user.totp_reset", _("Authenticator reset by an administrator")
    USER_TOTP_ENROL = "user.totp_enrol", _("Authenticator set up")
    USER_TIME_ZONE = "user.time_zone", _("Time zone changed")

    # --- the node and the audit log itself --------------------------------------------
    NODE_INIT = "node.init", _("Node initialised")
    NODE_SETTING_SET = "node.setting_set", _("Node setting changed")
    AUDIT_VERIFY = "audit.verify", _("Audit chain verified")
    AUDIT_EXPORT = "audit.export", _("Audit log exported")
    AUDIT_HEAD_REPAIR = "audit.head_repair", _("Audit chain head repaired")
    AUDIT_WITNESS_REQUEST = "audit.witness_request", _("Partners asked to check the chain")
    AUDIT_WITNESS_REPORT = "audit.witness_report", _("Witnessed anchors reported to a partner")
    AUDIT_WITNESS_CHECK = "audit.witness_check", _("Chain compared with a partner's anchors")
    AUDIT_WITNESS_CONFLICT = "audit.witness_conflict", _("Conflicting anchor from a partner")

    # --- federation -----------------------------------------------------------------
    FEDERATION_OWN_KEY = "federation.own_key", _("Node key recorded")
    FEDERATION_KEY_ROTATE = "federation.key_rotate", _("Node key rotated")
    FEDERATION_PARTNER_ADD = "federation.partner_add", _("Partner registered")
    FEDERATION_PARTNER_UPDATE = "federation.partner_update", _("Partner updated")
    FEDERATION_SEND = "federation.send", _("Envelope sent")
    FEDERATION_RECEIVE = "federation.receive", _("Envelope received")
    FEDERATION_RECEIVE_DUPLICATE = "federation.receive_duplicate", _("Duplicate envelope ignored")
    FEDERATION_REJECT = "federation.reject", _("Envelope refused")
    FEDERATION_DEFER = "federation.defer", _("Envelope deferred, to be retried")
    FEDERATION_DEAD_LETTER = "federation.dead_letter", _("Envelope given up (dead letter)")
    FEDERATION_RETRY = "federation.retry", _("Dead letter sent again")
    FEDERATION_RECONCILE = "federation.reconcile", _("Shared records reconciled")
    FEDERATION_REPAIR = "federation.repair", _("Shared record repaired")

    # --- wanted persons: alerts -------------------------------------------------------
    ALERT_CREATE = "alert.create", _("Alert created")
    ALERT_UPDATE = "alert.update", _("Alert edited")
    ALERT_DELETE_DRAFT = "alert.delete_draft", _("Draft alert deleted")
    ALERT_SUBMIT = "alert.submit", _("Alert submitted for review")
    ALERT_APPROVE = "alert.approve", _("Alert approved")
    ALERT_REFUSE = "alert.refuse", _("Alert refused")
    ALERT_SHARE = "alert.share", _("Alert shared with a partner")
    ALERT_UNSHARE = "alert.unshare", _("Alert withdrawn from a partner")
    ALERT_WITHDRAW = "alert.withdraw", _("Alert withdrawn")
    ALERT_REJUSTIFY = "alert.rejustify", _("Alert re-justified")
    ALERT_EXPIRE = "alert.expire", _("Alert expired")
    ALERT_LOCATED = "alert.located", _("Wanted person located")
    ALERT_VIEW = "alert.view", _("Alert consulted")
    ALERT_EXPORT = "alert.export", _("Alert list exported")
    ALERT_COPY_RECEIVED = "alert.copy_received", _("Partner alert received")
    ALERT_COPY_WITHDRAWN = "alert.copy_withdrawn", _("Partner alert withdrawn")
    ALERT_DEMO_SEED = "alert.demo_seed", _("Demo alert created")

    # --- wanted persons: screening and hits ---------------------------------------------
    SCREENING_RUN = "screening.run", _("Screening run")
    SCREENING_BATCH = "screening.batch", _("Batch screening run")
    SCREENING_EXPORT = "screening.export", _("Screening results exported")
    SCREENING_REJECT = "screening.reject", _("Screening candidate rejected")
    SCREENING_REJECTION_REMEMBERED = (
        "screening.rejection_remembered",
        _("Rejected candidate remembered"),
    )
    HIT_REPORT = "hit.report", _("Hit reported")
    HIT_RECEIVED = "hit.received", _("Hit received")
    HIT_VIEW = "hit.view", _("Hit consulted")
    HIT_EXPORT = "hit.export", _("Hit list exported")
    HIT_RESPOND = "hit.respond", _("Hit answered")
    HIT_RESPONSE_RECEIVED = "hit.response_received", _("Answer to a hit received")
    HIT_OUTCOME = "hit.outcome", _("Hit outcome recorded")
    HIT_OUTCOME_RECEIVED = "hit.outcome_received", _("Hit outcome received")
    HIT_REMINDER = "hit.reminder", _("Hit reminder sent")
    HIT_ESCALATE = "hit.escalate", _("Overdue hit escalated")

    # --- information exchange: cases ---------------------------------------------------
    CASE_OPEN = "case.open", _("Case opened")
    CASE_SHARE = "case.share", _("Case shared with a partner")
    CASE_STATUS = "case.status", _("Case status changed")
    CASE_LINK = "case.link", _("Case linked to an alert or a hit")
    CASE_RECEIVE = "case.receive", _("Partner case received")
    CASE_WITHDRAWN = "case.withdrawn", _("Partner case withdrawn")
    CASE_EXPORT = "case.export", _("Case list exported")

    # --- information exchange: messages -------------------------------------------------
    MESSAGE_SEND = "message.send", _("Message sent")
    MESSAGE_RECEIVE = "message.receive", _("Message received")
    MESSAGE_VIEW = "message.view", _("Message consulted")
    MESSAGE_DISCLOSE = "message.disclose", _("Message disclosed to a partner")
    MESSAGE_ACK_DELIVERED = "message.ack_delivered", _("Delivery acknowledged by a partner")
    MESSAGE_ACK_READ = "message.ack_read", _("Reading acknowledged by a partner")
    MESSAGE_FORWARD = "message.forward", _("Message forwarded to another agency")
    MESSAGE_FORWARD_REFUSED = "message.forward_refused", _("Forwarding refused by handling code")
    MESSAGE_EXPORT = "message.export", _("Message exported")
    MESSAGE_EXPORT_REFUSED = "message.export_refused", _("Export refused by handling code")
    MESSAGE_COPY = "message.copy", _("Message copied into another case")
    MESSAGE_COPY_REFUSED = "message.copy_refused", _("Copy refused by handling code")
    MESSAGE_CONSENT = "message.consent", _("Consent to pass an item on recorded")
    MESSAGE_CONSENT_RECEIVED = "message.consent_received", _("Consent received from the sender")
    MESSAGE_REMINDER = "message.reminder", _("Request reminder sent")
    MESSAGE_OVERDUE = "message.overdue", _("Overdue request notified")
    ATTACHMENT_DOWNLOAD = "attachment.download", _("Attachment downloaded")

    # --- major events ------------------------------------------------------------------
    EVENT_CREATE = "event.create", _("Event created")
    EVENT_SHARE = "event.share", _("Event shared with partners")
    EVENT_JOIN = "event.join", _("Joined a partner's event")
    EVENT_JOINED = "event.joined", _("Partner joined the event")
    EVENT_RECEIVE = "event.receive", _("Partner event received")
    EVENT_WITHDRAWN = "event.withdrawn", _("Partner event withdrawn")
    EVENT_VENUE_ADD = "event.venue.add", _("Venue added")
    EVENT_DEPLOYMENT_ADD = "event.deployment.add", _("Liaison officer deployed")
    EVENT_RISK_ADD = "event.risk.add", _("Risk added")
    EVENT_RISK_STATUS = "event.risk.status", _("Risk status changed")
    EVENT_PROTOCOL_CREATE = "event.protocol.create", _("Protocol created")
    EVENT_PROTOCOL_ITEM = "event.protocol.item", _("Protocol item updated")
    EVENT_DEBRIEF_UPDATE = "event.debrief.update", _("Debrief edited")
    EVENT_DEBRIEF_EXPORT = "event.debrief.export", _("Debrief exported")
    EVENT_ACCREDITATION_DECISIONS_EXPORT = (
        "event.accreditation_decisions.export",
        _("Accreditation decisions exported"),
    )
    INCIDENT_RECORD = "incident.record", _("Incident recorded")
    INCIDENT_UPDATE = "incident.update", _("Incident updated")
    INCIDENT_SHARE = "incident.share", _("Incident shared with partners")
    INCIDENT_RECEIVE = "incident.receive", _("Partner incident received")
    ACCREDITATION_UPLOAD = "accreditation.upload", _("Accreditation list uploaded")
    ACCREDITATION_SCREEN = "accreditation.screen", _("Accreditation list screened")
    ACCREDITATION_REVIEW_VIEW = "accreditation.review.view", _("Accreditation review consulted")
    ACCREDITATION_CLEARED = "accreditation.cleared", _("Accreditation candidate cleared")
    ACCREDITATION_FLAGGED = "accreditation.flagged", _("Accreditation candidate flagged")


def module_action_classes() -> list[type[models.TextChoices]]:
    """The enumerations that feature apps declare as ``audit_actions`` on their AppConfig.

    A module added after the first ones (working groups, the action plan, …) keeps its actions
    beside its code, translated in its own catalogue; this module stays the one place that
    knows them all, and an absent module's actions are simply not known.
    """
    from django.apps import apps

    return [
        config.audit_actions  # type: ignore[attr-defined]
        for config in apps.get_app_configs()
        if getattr(config, "audit_actions", None) is not None
    ]


def action_choices() -> list[tuple[str, str]]:
    """Every known action as ``(value, translated label)``, the core ones first."""
    choices = [(member.value, str(member.label)) for member in AuditAction]
    for enumeration in module_action_classes():
        choices.extend((member.value, str(member.label)) for member in enumeration)
    return choices


def known_action(value: str) -> str | None:
    """The stored form of ``value`` when it is a known action, else None."""
    enumerations: list[type[models.TextChoices]] = [AuditAction, *module_action_classes()]
    for enumeration in enumerations:
        try:
            return str(enumeration(value).value)
        except ValueError:
            continue
    return None


def action_label(value: str) -> str:
    """The translated name of a stored action; the raw value for one no longer listed."""
    enumerations: list[type[models.TextChoices]] = [AuditAction, *module_action_classes()]
    for enumeration in enumerations:
        try:
            return str(enumeration(value).label)
        except ValueError:
            continue
    return value
