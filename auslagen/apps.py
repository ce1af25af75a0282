from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_COORDINATION = [
    "auslagen.view_auslage",
    "auslagen.change_auslage",
    "auslagen.view_satz",
    "auslagen.add_satz",
    "auslagen.change_satz",
]


class AuslagenConfig(AppConfig):
    name = "auslagen"
    verbose_name = _("Expenses")

    def ready(self) -> None:
        from wegbegleitung.roles import Role, extend_role_permissions

        # Coordinators decide on expenses in the admin, scoped to their regions, and keep the
        # rates; volunteers reach only their own through the portal (auslagen.permissions).
        extend_role_permissions(Role.KOORDINATION, _COORDINATION)

        from auslagen import notifications, personal_data, portal, retention

        notifications.connect()
        personal_data.connect()
        portal.connect()
        retention.connect()
