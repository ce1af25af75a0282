from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArbeitsplatzConfig(AppConfig):
    """The coordinator's workspace: the admin's start page. It reads every app; none imports it."""

    name = "arbeitsplatz"
    verbose_name = _("Coordinator's workspace")

    def ready(self) -> None:
        from django.contrib import admin

        from arbeitsplatz.views import install

        install(admin.site)
