"""The safeguarding app's part in the reminders, notices and the weekly digest.

``SchutzkonzeptConfig.ready()`` calls ``connect()``, which registers with the notification
platform (``wegbegleitung.notifications``) below:

- ``certificate_renewal`` (the volunteer) and ``certificate_renewal_coordination`` (the
  coordinators of their region): WB_CERTIFICATE_REMINDER_FIRST_DAYS (60) and
  WB_CERTIFICATE_REMINDER_SECOND_DAYS (14) days before the current certificate's validity ends,
  and on the day it ends (``clearance.certificate_valid_until``); a day the run missed is caught
  up (up to WB_REMINDER_CATCH_UP_DAYS after the end); once per certificate and stage;
- ``conduct_sign``: every volunteer who has to sign the current code of conduct, once per version;
- the renderers of the lapse notices (``clearance_lapse``, ``clearance_lapse_coordination``);
- the digest sections "certificates ending" and "clearance lapsed".

§ 72a(5) SGB VIII: no copy of a certificate's facts may outlive it. So the rows in the log keep
references only: a renewal reminder is about the inspection (``schutzkonzept.fuehrungszeugnis``,
its id) with the stage as period; a lapse notice about the lapse. The end date, the missing
parts of clearance (which may say that a conviction is listed) and names are rendered from the
current records when the mail is sent or the inbox shown; when the inspection is deleted, the
notices about it are deleted with it (``notices_about_certificates_delete``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schutzkonzept.clearance import annotate_clearance, certificate_valid_until, clearance_for
from schutzkonzept.dates import last_date_reaching
from schutzkonzept.models import FreigabeVerlust, Fuehrungszeugnis
from wegbegleitung.models import Benachrichtigung, Wegbegleiter
from wegbegleitung.notifications import digest, registry
from wegbegleitung.notifications.common import coordinators_by_region, german_date, link
from wegbegleitung.notifications.registry import Audience, Due, Kind

ZEUGNIS = "schutzkonzept.fuehrungszeugnis"
WEGBEGLEITER = "wegbegleitung.wegbegleiter"
RENEWAL_KINDS = ("certificate_renewal", "certificate_renewal_coordination")
Rendered = dict[int, dict[str, Any]]


# --- certificate renewal --------------------------------------------------------------------------


def certificate_stage(days_left: int) -> int | None:
    """Which reminder a certificate ``days_left`` days before its end is at (None: none)."""
    first = settings.WB_CERTIFICATE_REMINDER_FIRST_DAYS
    second = settings.WB_CERTIFICATE_REMINDER_SECOND_DAYS
    if second < days_left <= first:
        return first
    if 0 < days_left <= second:
        return second
    if -settings.WB_REMINDER_CATCH_UP_DAYS < days_left <= 0:
        return 0
    return None


def certificate_rows(day: date) -> Iterator[tuple[Wegbegleiter, date, int]]:
    """Active volunteers whose current certificate is at a reminder stage on ``day``; each row
    carries the current inspection's id as ``current_zeugnis_id``."""
    from schutzkonzept.services.conduct import INACTIVE_STATUSES

    months = 12 * settings.WB_CERTIFICATE_VALID_YEARS
    earliest_end = day - timedelta(days=settings.WB_REMINDER_CATCH_UP_DAYS - 1)
    latest_end = day + timedelta(days=settings.WB_CERTIFICATE_REMINDER_FIRST_DAYS)
    current = Fuehrungszeugnis.objects.filter(wegbegleiter=OuterRef("pk")).order_by(
        "-inspected_on", "-id"
    )
    qs = annotate_clearance(
        Wegbegleiter.objects.exclude(status__in=INACTIVE_STATUSES).filter(user__is_active=True)
    ).filter(
        Q(clearance_conviction=False)
        & Q(clearance_issued_on__gt=last_date_reaching(earliest_end - timedelta(days=1), months))
        & Q(clearance_issued_on__lte=last_date_reaching(latest_end, months))
    )
    qs = qs.annotate(current_zeugnis_id=Subquery(current.values("pk")[:1]))
    for row in qs.select_related("user"):
        valid_until = certificate_valid_until(row.clearance_issued_on)  # type: ignore[attr-defined]
        stage = certificate_stage((valid_until - day).days)
        if stage is not None:
            yield row, valid_until, stage


def _renewal_due(user_id: int, row: Wegbegleiter, stage: int) -> Due:
    zeugnis_id: int = row.current_zeugnis_id  # type: ignore[attr-defined]
    return Due(user_id, ZEUGNIS, zeugnis_id, f"stufe-{stage}", row.region_id, {"stage": stage})


def certificate_renewal(day: date) -> Iterator[Due]:
    for row, _valid_until, stage in certificate_rows(day):
        yield _renewal_due(row.user_id, row, stage)


def certificate_renewal_coordination(day: date) -> Iterator[Due]:
    rows = list(certificate_rows(day))
    coordinators = coordinators_by_region(row.region_id for row, _end, _stage in rows)
    for row, _valid_until, stage in rows:
        for user_id in coordinators.get(row.region_id or 0, []):
            yield _renewal_due(user_id, row, stage)


def _render_renewal(rows: Sequence[Benachrichtigung], *, coordination: bool) -> Rendered:
    zeugnisse = Fuehrungszeugnis.objects.select_related("wegbegleiter__user").in_bulk(
        {row.subject_id for row in rows}
    )
    result: Rendered = {}
    for row in rows:
        zeugnis = zeugnisse.get(row.subject_id)
        if zeugnis is None:
            continue
        stage = int(row.context.get("stage", 0))
        w = zeugnis.wegbegleiter
        result[row.pk] = {
            "expires": german_date(certificate_valid_until(zeugnis.issued_on)),
            "stage": stage,
            "expired": stage == 0,
            "name": str(w.user),
            "url": link("admin:wegbegleitung_wegbegleiter_change", w.pk)
            if coordination
            else link("schutzkonzept:uebersicht"),
        }
    return result


def render_certificate_renewal(rows: Sequence[Benachrichtigung]) -> Rendered:
    return _render_renewal(rows, coordination=False)


def render_certificate_renewal_coordination(rows: Sequence[Benachrichtigung]) -> Rendered:
    return _render_renewal(rows, coordination=True)


def notices_about_certificates_delete(zeugnis_ids: Iterable[int]) -> int:
    """Delete the notices about these inspections (with the inspections, § 72a(5) SGB VIII)."""
    deleted, _by_model = Benachrichtigung.objects.filter(
        subject_type=ZEUGNIS, subject_id__in=list(zeugnis_ids)
    ).delete()
    return deleted


# --- code of conduct ------------------------------------------------------------------------------


def conduct_due_for(kodex_version: int, rows: Iterable[tuple[int, int, int | None]]) -> list[Due]:
    """``rows``: (wegbegleiter id, user id, region id) of volunteers who have to sign."""
    context = {"version": kodex_version, "url": link("schutzkonzept:verhaltenskodex")}
    return [
        Due(user_id, WEGBEGLEITER, pk, f"v{kodex_version}", region_id, context)
        for pk, user_id, region_id in rows
    ]


def conduct_sign(day: date) -> list[Due]:
    from schutzkonzept.services.conduct import current_verhaltenskodex, volunteers_to_sign

    kodex = current_verhaltenskodex()
    if kodex is None:
        return []
    rows = volunteers_to_sign(kodex).values_list("pk", "user_id", "region_id")
    return conduct_due_for(kodex.version, rows)


# --- clearance lapsed -----------------------------------------------------------------------------


def _render_lapse(rows: Sequence[Benachrichtigung], *, coordination: bool) -> Rendered:
    lapses = FreigabeVerlust.objects.in_bulk({row.subject_id for row in rows})
    volunteers = annotate_clearance(
        Wegbegleiter.objects.filter(pk__in={lapse.wegbegleiter_id for lapse in lapses.values()})
    ).select_related("user")
    by_id = {w.pk: w for w in volunteers}
    url = (
        link("admin:schutzkonzept_freigabe_changelist")
        if coordination
        else link("schutzkonzept:uebersicht")
    )
    result: Rendered = {}
    for row in rows:
        lapse = lapses.get(row.subject_id)
        w = by_id.get(lapse.wegbegleiter_id) if lapse else None
        if w is not None:
            missing = [str(m) for m in clearance_for(w).missing]
            result[row.pk] = {"name": str(w), "missing": missing, "url": url}
    return result


def render_clearance_lapse(rows: Sequence[Benachrichtigung]) -> Rendered:
    return _render_lapse(rows, coordination=False)


def render_clearance_lapse_coordination(rows: Sequence[Benachrichtigung]) -> Rendered:
    return _render_lapse(rows, coordination=True)


# --- digest sections ------------------------------------------------------------------------------


def _certificates_ending(day: date, region_ids: list[int]) -> Iterator[tuple[int | None, Any]]:
    for w, end, _stage in certificate_rows(day):
        reason = _("ends on %(date)s") % {"date": german_date(end)}
        yield w.region_id, digest.volunteer_item(w, reason)


def _lapses(day: date, region_ids: list[int]) -> Iterator[tuple[int | None, Any]]:
    lapses = FreigabeVerlust.objects.filter(resolved_on__isnull=True).select_related(
        "wegbegleiter__user"
    )
    for v in lapses:
        reason = _("since %(date)s") % {"date": german_date(v.detected_on)}
        yield v.wegbegleiter.region_id, digest.volunteer_item(v.wegbegleiter, reason)


# --- wiring -----------------------------------------------------------------------------------


def connect() -> None:
    """Called from ``SchutzkonzeptConfig.ready()``."""
    import wegbegleitung.notifications.events  # noqa: F401 - registers the lapse kinds

    registry.register(Kind(
        "certificate_renewal", gettext_lazy("Criminal-record certificate to be renewed"),
        gettext_lazy("Your criminal-record certificate ends on %(expires)s"),
        "reminder_certificate", Audience.VOLUNTEER, critical=True,
        due=certificate_renewal, render=render_certificate_renewal,
    ))  # fmt: skip
    registry.register(Kind(
        "certificate_renewal_coordination",
        gettext_lazy("Criminal-record certificate to be renewed (coordination)"),
        gettext_lazy("Criminal-record certificate of %(name)s ends on %(expires)s"),
        "reminder_certificate_ko", Audience.COORDINATION, critical=True,
        due=certificate_renewal_coordination, render=render_certificate_renewal_coordination,
    ))  # fmt: skip
    registry.register(Kind(
        "conduct_sign", gettext_lazy("New code of conduct to sign"),
        gettext_lazy("Please sign the code of conduct (version %(version)s)"),
        "schutz_verhaltenskodex_neu", Audience.VOLUNTEER, critical=True, due=conduct_sign,
    ))  # fmt: skip
    registry.attach_renderer("clearance_lapse", render_clearance_lapse)
    registry.attach_renderer("clearance_lapse_coordination", render_clearance_lapse_coordination)
    digest.register_section("certificates_ending", digest.Section(
        30, gettext_lazy("Criminal-record certificates"), _certificates_ending
    ))  # fmt: skip
    digest.register_section(
        "clearance_lapsed", digest.Section(40, gettext_lazy("Clearance lapsed"), _lapses)
    )
