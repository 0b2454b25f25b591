from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "jisr.notices"
    label = "notices"
    verbose_name = _("Notices")
    # The header shows the unread count on every page (see jisr.core.registry.header_templates).
    header_templates = ("notices/_header.html",)
