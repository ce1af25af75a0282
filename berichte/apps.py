from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BerichteConfig(AppConfig):
    """Reports and the annual report: reads the apps below it; only arbeitsplatz links to it."""

    name = "berichte"
    verbose_name = _("Reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # what this app holds about a person (data-subject download, GDPR Art. 15/20)
        from berichte.personal_data import collect as collect_personal_data
        from wegbegleitung import personal_data

        personal_data.register("berichte", collect_personal_data)
        from django.contrib import admin

        from berichte.exports import register
        from berichte.views import install

        install(admin.site)
        register()
