"""The training module's permission names, in one place (object rules in ``training/rules.py``).

Role permissions (granted by roles, ``TrainingConfig.role_permissions``):

- ``VIEW_TRAINING``: see the catalogue, sessions, calendar, assistance requests, verify codes;
- ``MANAGE_TRAINING``: the offering side — courses, sessions, decisions, attendance, certificates;
- ``NOMINATE``: propose participants of the user's agency for a partner's session;
- ``APPROVE_NOMINATIONS``: a supervisor's internal approval (never the nominator: four eyes);
- ``HANDLE_ASSISTANCE``: ask for assistance, offer it, record delivery, close a request;
- ``AGREE_ASSISTANCE``: a supervisor agrees to an offer for the user's agency;
- ``REVOKE_CERTIFICATES``: a supervisor revokes a certificate the agency issued.
"""

from __future__ import annotations

VIEW_TRAINING = "training.view_training"
MANAGE_TRAINING = "training.manage_training"
NOMINATE = "training.nominate"
APPROVE_NOMINATIONS = "training.approve_nominations"
HANDLE_ASSISTANCE = "training.handle_assistance"
AGREE_ASSISTANCE = "training.agree_assistance"
REVOKE_CERTIFICATES = "training.revoke_certificates"

#: Object rules only.
MANAGE_COURSE = "training.manage_course"
NOMINATE_TO_SESSION = "training.nominate_to_session"
APPROVE_NOMINATION = "training.approve_nomination"
DECIDE_NOMINATION = "training.decide_nomination"
REVOKE_CERTIFICATE = "training.revoke_certificate"
