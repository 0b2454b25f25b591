"""The ground floor's one table: node settings an administrator may change at run time."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NodeSetting(models.Model):
    """A value that overrides the environment's default for one run-time setting.

    Only the names declared in ``jisr.core.node_settings.NODE_SETTINGS`` are read;
    deleting a row returns the setting to its environment value.
    """

    name = models.CharField(_("name"), max_length=64, primary_key=True)
    value = models.JSONField(_("value"))
    updated_at = models.DateTimeField(_("changed"))
    updated_by = models.CharField(_("changed by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("node setting")
        verbose_name_plural = _("node settings")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}={self.value!r}"
