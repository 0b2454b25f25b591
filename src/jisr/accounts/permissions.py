"""Account administration's permission names (object rules in ``accounts/rules.py``)."""

from __future__ import annotations

MANAGE_USERS = "accounts.manage_users"
VIEW_HOME_FIGURES = "accounts.view_home_figures"
MANAGE_NODE_SETTINGS = "accounts.manage_node_settings"
