from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchutzkonzeptConfig(AppConfig):
    name = "schutzkonzept"
    verbose_name = _("Safeguarding")
