"""The risks module's permission names, in one place (object rules in ``risks/rules.py``)."""

from __future__ import annotations

VIEW_RISKS = "risks.view_risks"
MANAGE_RISKS = "risks.manage_risks"
WRITE_BULLETINS = "risks.write_bulletins"
RELEASE_BULLETINS = "risks.release_bulletins"
MANAGE_PLAYBOOKS = "risks.manage_playbooks"

#: Object rules only.
CHANGE_RISK = "risks.change_risk"
APPROVE_BULLETIN = "risks.approve_bulletin"
CHANGE_BULLETIN = "risks.change_bulletin"
ACKNOWLEDGE_BULLETIN = "risks.acknowledge_bulletin"
EXPORT_BULLETIN = "risks.export_bulletin"
CHANGE_PLAYBOOK = "risks.change_playbook"
UPDATE_TASK = "risks.update_task"
