"""Notices sent when something happens (not on a schedule): logged, deduplicated, retried.

The services of the mentor's path and of safeguarding call these after their step committed
(from their Celery tasks); each goes through the log (``delivery.notify``), so a retried or
redelivered task never mails twice and every notice shows in the recipient's inbox.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wegbegleitung.notifications.registry import Audience, Kind, register

register(
    Kind(
        "path_status",
        _("A volunteer paused, resumed or left (coordination)"),
        _("%(name)s is now: %(status)s"),
        "path_status",
        Audience.COORDINATION,
    )
)
register(
    Kind(
        "path_decision",
        _("Decision on your application"),
        _("News about your application as a mentor"),
        "path_decision",
        Audience.VOLUNTEER,
    )
)
register(
    Kind(
        "clearance_lapse",
        _("Your clearance has lapsed"),
        _("Your clearance has lapsed"),
        "schutz_freigabe_verlust_wb",
        Audience.VOLUNTEER,
        critical=True,
    )
)
register(
    Kind(
        "clearance_lapse_coordination",
        _("Clearance lapsed (coordination)"),
        _("Clearance lapsed: %(name)s"),
        "schutz_freigabe_verlust_ko",
        Audience.COORDINATION,
        critical=True,
    )
)
register(
    Kind(
        "concern_new",
        _("New concern received"),
        _("New concern received"),
        "schutz_meldung_neu",
        Audience.CHILD_PROTECTION,
        critical=True,
    )
)
register(
    Kind(
        "erasure_request_new",
        _("New erasure request (coordination)"),
        _("New erasure request, to be answered by %(due)s"),
        "erasure_request_new",
        Audience.COORDINATION,
        critical=True,  # GDPR Art. 12(3): the answer is due within one month
    )
)
register(
    Kind(
        "erasure_request_refused",
        _("Your erasure request was refused"),
        _("Your erasure request was refused"),
        "erasure_request_refused",
        Audience.VOLUNTEER,
        critical=True,
    )
)
