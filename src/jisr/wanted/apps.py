from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WantedConfig(AppConfig):
    name = "jisr.wanted"
    label = "wanted"
    verbose_name = _("Wanted")
