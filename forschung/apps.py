from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Coordinators define the questionnaires and see waves' status and due dates (scoped to their
# regions); the answers themselves go only to the research role, through the export.
_COORDINATION = [
    "forschung.view_instrument",
    "forschung.add_instrument",
    "forschung.change_instrument",
    "forschung.delete_instrument",
    "forschung.view_welle",
]


class ForschungConfig(AppConfig):
    name = "forschung"
    verbose_name = _("Study")

    def ready(self) -> None:
        # what this app holds about a person (data-subject download, GDPR Art. 15/20)
        from forschung.personal_data import collect as collect_personal_data
        from wegbegleitung import personal_data

        personal_data.register("forschung", collect_personal_data)
        from forschung.personal_data import erase as erase_personal_data
        from wegbegleitung import erasure

        erasure.register("forschung", erase_personal_data)
        # its kinds of data in the one retention schedule (wegbegleitung.retention)
        from forschung.retention_kinds import connect as connect_retention

        connect_retention()
        from wegbegleitung.roles import Role, extend_role_permissions

        extend_role_permissions(Role.KOORDINATION, _COORDINATION)
        extend_role_permissions(Role.KINDERSCHUTZ, _COORDINATION)

        # the wave reminder and the portal's study section
        from forschung.notifications import connect

        connect()
        # the young person's research consent: revoking it withdraws their open waves at once
        from einrichtungen import consent_hooks
        from forschung.services.consent import jugendliche_consent_revoked

        consent_hooks.register(jugendliche_consent_revoked)
