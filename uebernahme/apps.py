from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UebernahmeConfig(AppConfig):
    """Import from spreadsheets: reads a file, previews each row, writes through the services of
    the apps below it (wegbegleitung, einrichtungen, matching)."""

    name = "uebernahme"
    verbose_name = _("Import from spreadsheets")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib import admin

        from uebernahme.views import install

        install(admin.site)
