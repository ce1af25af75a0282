from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WegbegleitungConfig(AppConfig):
    name = "wegbegleitung"
    verbose_name = _("Accounts, regions and volunteers")

    def ready(self) -> None:
        from wegbegleitung.services.roles import sync_roles_after_migrate

        # Groups and their permissions follow wegbegleitung.roles.ROLE_PERMISSIONS after each
        # migrate; this is configuration, not a domain workflow.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="wegbegleitung_sync_roles")
