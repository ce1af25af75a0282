from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchutzkonzeptConfig(AppConfig):
    name = "schutzkonzept"
    verbose_name = _("Safeguarding")

    def ready(self) -> None:
        # what this app holds about a person (data-subject download, GDPR Art. 15/20)
        from schutzkonzept.personal_data import collect as collect_personal_data
        from wegbegleitung import personal_data

        personal_data.register("schutzkonzept", collect_personal_data)
        from schutzkonzept.personal_data import erase as erase_personal_data
        from wegbegleitung import erasure

        erasure.register("schutzkonzept", erase_personal_data)
        # its kinds of data in the one retention schedule (wegbegleitung.retention)
        from schutzkonzept.retention_kinds import connect as connect_retention

        connect_retention()
        from schutzkonzept.personal_data import render as render_personal_data

        personal_data.register_pdf_renderer(render_personal_data)
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
