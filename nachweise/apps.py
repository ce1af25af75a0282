from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_COORDINATION = ["nachweise.view_nachweis", "nachweise.add_nachweis", "nachweise.change_nachweis"]


class NachweiseConfig(AppConfig):
    name = "nachweise"
    verbose_name = _("Certificates of engagement")

    def ready(self) -> None:
        # what this app holds about a person (data-subject download, GDPR Art. 15/20)
        from nachweise.personal_data import collect as collect_personal_data
        from wegbegleitung import personal_data

        personal_data.register("nachweise", collect_personal_data)
        from nachweise.personal_data import erase as erase_personal_data
        from wegbegleitung import erasure

        erasure.register("nachweise", erase_personal_data)
        # its kinds of data in the one retention schedule (wegbegleitung.retention)
        from nachweise.retention_kinds import connect as connect_retention

        connect_retention()
        from wegbegleitung.roles import Role, extend_role_permissions

        # Coordinators sign off and issue certificates in the admin, scoped to their regions;
        # volunteers reach only their own through the portal (nachweise.permissions).
        extend_role_permissions(Role.KOORDINATION, _COORDINATION)

        from nachweise.notifications import connect

        connect()
        from nachweise.portal import connect as connect_portal

        connect_portal()
