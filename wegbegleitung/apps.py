from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# Coordinators and child-protection leads keep the records of the mentor's path.
PATH_PERMISSIONS = [
    *(f"wegbegleitung.{verb}_{model}" for model in (
        "erstgespraech", "referenz", "schulungstermin", "schulungsteilnahme", "supervision",
        "supervisioneinladung",
    ) for verb in ("view", "add", "change", "delete")),
    "wegbegleitung.view_entscheidung",
    "wegbegleitung.view_bewerbung",
    "wegbegleitung.view_interesse",
    "wegbegleitung.add_interesse",
    "wegbegleitung.change_interesse",
    "wegbegleitung.view_postleitzahl",
    # the programmes' rules are read by coordinators; the volunteers' programmes are theirs
    "programme.view_programm",
    "wegbegleitung.view_programmteilnahme",
    "wegbegleitung.add_programmteilnahme",
    "wegbegleitung.change_programmteilnahme",
    "wegbegleitung.delete_programmteilnahme",
]  # fmt: skip
# Coordinators see (their regions') notifications in the admin and send failed ones again.
NOTIFICATION_PERMISSIONS = [
    "wegbegleitung.view_benachrichtigung",
    "wegbegleitung.change_benachrichtigung",
    # the erasure requests of their regions (GDPR Art. 17), answered in the admin
    "wegbegleitung.view_loeschantrag",
    "wegbegleitung.change_loeschantrag",
]


class WegbegleitungConfig(AppConfig):
    name = "wegbegleitung"
    verbose_name = _("Accounts, regions and volunteers")

    def ready(self) -> None:
        # what this app holds about a person (data-subject download, GDPR Art. 15/20)
        from wegbegleitung import personal_data
        from wegbegleitung.collectors import collect as collect_personal_data

        personal_data.register("wegbegleitung", collect_personal_data)
        from wegbegleitung import portal_sections
        from wegbegleitung.personal_data_views import my_data_section

        portal_sections.register("my_data", my_data_section)  # a link: no query
        from wegbegleitung import erasure
        from wegbegleitung.erasers import erase as erase_personal_data

        erasure.register("wegbegleitung", erase_personal_data)
        # its kinds of data in the one retention schedule (wegbegleitung.retention)
        from wegbegleitung.retention_kinds import connect as connect_retention

        connect_retention()
        from wegbegleitung.roles import Role, extend_role_permissions
        from wegbegleitung.services.roles import sync_roles_after_migrate

        for role in (Role.KOORDINATION, Role.KINDERSCHUTZ):
            extend_role_permissions(role, PATH_PERMISSIONS)
            extend_role_permissions(role, NOTIFICATION_PERMISSIONS)
        # the kinds of notification register themselves when their modules are imported
        from wegbegleitung import data_generation  # noqa: F401  (every write: a new generation)
        from wegbegleitung.notifications import digest, events, reminders  # noqa: F401
        from wegbegleitung.services import path_mail

        path_mail.connect()  # the path's notices render names and labels when shown
        from wegbegleitung.services import erasure_request_mail

        erasure_request_mail.connect()
        from wegbegleitung import staff_session

        staff_session.connect()  # staff sessions start their short clocks at login

        # every admin changelist downloads as CSV/XLSX (registered once the admin is loaded)
        from wegbegleitung.exports.admin_sources import register_admin_sources
        from wegbegleitung.exports.registry import register_provider

        register_provider(register_admin_sources)

        # Groups and their permissions follow wegbegleitung.roles.ROLE_PERMISSIONS after each
        # migrate; this is configuration, not a domain workflow.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="wegbegleitung_sync_roles")
