from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EinrichtungenConfig(AppConfig):
    name = "einrichtungen"
    verbose_name = _("Facilities and young people")
