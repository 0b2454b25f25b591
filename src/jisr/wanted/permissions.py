"""The wanted register's permission names, in one place.

Model permissions (held through roles, see ``WantedConfig.role_permissions``) are also
asked with an object: ``user.has_perm(WRITE_ALERT, alert)``; the object rules are in
``wanted/rules.py``. ``WITHDRAW_ALERT`` and ``ANSWER_HIT`` exist only as object rules.
"""

from __future__ import annotations

CONSULT_REGISTER = "wanted.consult_register"
WRITE_ALERT = "wanted.write_alert"
REVIEW_ALERT = "wanted.review_alert"
SCREEN_PERSONS = "wanted.screen_persons"
HANDLE_HITS = "wanted.handle_hits"

WITHDRAW_ALERT = "wanted.withdraw_alert"
ANSWER_HIT = "wanted.answer_hit"
