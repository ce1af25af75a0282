from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_COORDINATION = [
    "einrichtungen.view_traeger",
    "einrichtungen.add_traeger",
    "einrichtungen.change_traeger",
    "einrichtungen.view_jugendliche",
    "einrichtungen.add_jugendliche",
    "einrichtungen.change_jugendliche",
    "einrichtungen.view_einwilligung",
    "einrichtungen.view_anfrage",
    "einrichtungen.change_anfrage",
    "einrichtungen.view_hilfeplangespraech",
]


class EinrichtungenConfig(AppConfig):
    name = "einrichtungen"
    verbose_name = _("Facilities and young people")

    def ready(self) -> None:
        # the consent scopes a programme may require before a mentor is requested
        from einrichtungen.models import Einwilligung
        from programme.rules import register_consent_scopes

        register_consent_scopes(Einwilligung.Bereich.choices)
        # what this app holds about a person (data-subject download, GDPR Art. 15/20)
        from einrichtungen.personal_data import collect as collect_personal_data
        from wegbegleitung import personal_data

        personal_data.register("einrichtungen", collect_personal_data)
        from einrichtungen.personal_data import erase as erase_personal_data
        from wegbegleitung import erasure

        erasure.register("einrichtungen", erase_personal_data)
        from einrichtungen.permissions import staff_region_ids
        from wegbegleitung.permissions import register_account_regions

        register_account_regions(staff_region_ids)  # staff answered by their facility's region
        from wegbegleitung.roles import Role, extend_role_permissions

        # Coordinators work with the young people of their regions in the admin (scoped there);
        # facility staff hold only object permissions on their own facility.
        extend_role_permissions(Role.KOORDINATION, _COORDINATION)
        extend_role_permissions(Role.KINDERSCHUTZ, _COORDINATION)
        # the help-plan conference reminder plugs into the notification platform from here
        from einrichtungen.notifications import connect

        connect()
