"""The working-group module's permission names (object rules in ``groups/rules.py``)."""

from __future__ import annotations

#: Role permissions (Meta permissions of WorkingGroup).
USE_GROUPS = "groups.use_groups"
CREATE_GROUP = "groups.create_group"
SUPERVISE_GROUPS = "groups.supervise_groups"
REVIEW_PERSONS = "groups.review_person_of_interest"

#: Object rules on a WorkingGroup.
VIEW_GROUP = "groups.view_group_content"
VIEW_ROSTER = "groups.view_group_roster"
WORK_IN_GROUP = "groups.work_in_group"
NAME_MEMBERS = "groups.name_members"
ANSWER_INVITATION = "groups.answer_invitation"
CLOSE_GROUP = "groups.close_group"
APPROVE_OPERATION = "groups.approve_operation"
