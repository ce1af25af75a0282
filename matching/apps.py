from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_COORDINATION = [
    "matching.view_begleitung",
    "matching.change_begleitung",
    "matching.view_vermittlung",
    "matching.change_vermittlung",
    "matching.view_gewichtung",
    "matching.add_gewichtung",
    "matching.change_gewichtung",
    "matching.view_kapazitaet",
    "matching.add_kapazitaet",
    "matching.change_kapazitaet",
    "matching.view_wunsch",
    "matching.add_wunsch",
    "matching.change_wunsch",
    "matching.view_aussetzung",
]


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching and matches")

    def ready(self) -> None:
        # what this app holds about a person (data-subject download, GDPR Art. 15/20)
        from matching.personal_data import collect as collect_personal_data
        from wegbegleitung import personal_data

        personal_data.register("matching", collect_personal_data)
        from matching.personal_data import erase as erase_personal_data
        from wegbegleitung import erasure

        erasure.register("matching", erase_personal_data)
        # its kinds of data in the one retention schedule (wegbegleitung.retention)
        from matching.retention_kinds import connect as connect_retention

        connect_retention()
        from wegbegleitung.roles import Role, extend_role_permissions

        # Coordinators work on matches in the admin (scoped to their regions there); mentors and
        # facility staff reach only their own matches through ownership and facility checks.
        extend_role_permissions(Role.KOORDINATION, _COORDINATION)
        extend_role_permissions(Role.KINDERSCHUTZ, _COORDINATION)

        # reminders and the weekly digest (wegbegleitung.notifications) read matches from here
        from matching.notifications import connect

        connect()

        # the concern step "match suspended" (schutzkonzept) suspends matches through this seam
        from matching.services.suspension import SuspensionProvider
        from schutzkonzept import suspension

        suspension.register(SuspensionProvider())

        # the § 72a(5) retention clocks (schutzkonzept) start at the volunteer's matches
        from matching.retention import match_history
        from schutzkonzept import providers as schutzkonzept_providers

        schutzkonzept_providers.register_match_history(match_history)

        # the due lists of "Was fällig ist" download as CSV/XLSX (wegbegleitung.exports)
        from matching import exports

        exports.register()
