from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_COORDINATION = [
    "netzwerk.view_mitgliedschaft",
    "netzwerk.add_mitgliedschaft",
    "netzwerk.change_mitgliedschaft",
    "netzwerk.view_veranstaltung",
    "netzwerk.add_veranstaltung",
    "netzwerk.change_veranstaltung",
    "netzwerk.view_anmeldung",
    "netzwerk.change_anmeldung",
    "netzwerk.view_einspringanfrage",
    "netzwerk.view_einspringantwort",
]


class NetzwerkConfig(AppConfig):
    name = "netzwerk"
    verbose_name = _("Cooperation network")

    def ready(self) -> None:
        from wegbegleitung.roles import Role, extend_role_permissions

        # Coordinators keep their regions' networks in the admin (memberships, events,
        # attendance) and read the standing-in requests; partners and volunteers use the site
        # pages, checked by netzwerk.permissions.
        extend_role_permissions(Role.KOORDINATION, _COORDINATION)

        from netzwerk import notifications, personal_data, portal

        notifications.connect()
        personal_data.connect()
        portal.connect()
