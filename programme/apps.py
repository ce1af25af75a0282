from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from programme import rules

        # The default programme exists on every database, also after a test's flush, so every
        # request and match has a programme without anyone choosing one.
        post_migrate.connect(rules.ensure_standard, sender=self)
