from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchutzkonzeptConfig(AppConfig):
    name = "schutzkonzept"
    verbose_name = _("Safeguarding")

    def ready(self) -> None:
        from schutzkonzept import flood  # noqa: F401 - registers the leads' hourly summary kind
        from wegbegleitung.roles import Role, extend_role_permissions

        coordination = [
            "schutzkonzept.add_fuehrungszeugnis",
            "schutzkonzept.view_fuehrungszeugnis",
            "schutzkonzept.add_schutzschulung",
            "schutzkonzept.view_schutzschulung",
            "schutzkonzept.add_antragsbestaetigung",
            "schutzkonzept.view_antragsbestaetigung",
            "schutzkonzept.add_verhaltenskodex",
            "schutzkonzept.change_verhaltenskodex",
            "schutzkonzept.view_verhaltenskodex",
            "schutzkonzept.view_unterzeichnung",
            "schutzkonzept.view_freigabe",
            "schutzkonzept.view_freigabeverlust",
        ]
        extend_role_permissions(Role.KOORDINATION, coordination)
        # Concerns (§ 8a SGB VIII): the child-protection role only, never coordination alone.
        extend_role_permissions(
            Role.KINDERSCHUTZ,
            [*coordination, "schutzkonzept.view_meldung", "schutzkonzept.change_meldung"],
        )
        # certificate renewal, code of conduct, lapse notices and digest sections plug into the
        # notification platform below (wegbegleitung.notifications) from here
        from schutzkonzept.notifications import connect

        connect()
        # the volunteer's path (wegbegleitung) shows the safeguarding step from clearance
        from schutzkonzept.clearance import path_answer
        from wegbegleitung import safeguarding

        safeguarding.register(path_answer)
