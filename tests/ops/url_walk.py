"""The table of the URL walk: for every named URL of the site (and every admin view), who may
open it, how its arguments come from the scene, and what the others must get instead.

How to read an entry (see docs/url-walk.md):

``kind``
  OBJECT  a page of one record of region A: the allowed user gets it, everyone else is refused
          (403, 404, or a redirect away), by GET and by POST.
  LIST    a page without a record in its URL (a list, a form, a dashboard): the allowed user sees
          ``marker``; the others are refused, or get the page without any of region A's names.
  OWN     a page about the logged-in person themselves: everyone logged in may get theirs, but no
          one else's names appear in it.
  ACTION  POST only: the others' POST is refused and ``record`` is unchanged afterwards; for the
          allowed user only "not refused" is checked (the success path has its own tests).
  PUBLIC  open to anonymous visitors; nobody sees a name of region A in it.
``allowed``  the user of the scene who may (``-`` for PUBLIC).
``other``    the users of another facility or region (default from ``OTHER``).
``ok``       what the allowed user gets (default 200; a redirect or 403 says why in ``note``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver

from tests.ops.url_walk_scene import (
    CONCERN_A,
    ERASURE_VERA,
    FAMILY_A,
    MENTOR_A,
    NETWORK_EVENT,
    NETWORK_NEED,
    NETWORK_OWN_EVENT,
    STAFF_SUBJECT,
    WAITING_A,
    YOUNG_A,
    Scene,
)


class Kind(StrEnum):
    OBJECT = "object"
    LIST = "list"
    OWN = "own"
    ACTION = "action"
    PUBLIC = "public"


Args = Callable[[Scene], dict[str, Any]]
Record = Callable[[Scene], models.Model]

# who is "the user of another facility or region" for each allowed user
OTHER: dict[str, tuple[str, ...]] = {
    "alice": ("bob",),
    "root": ("bob",),
    "schutz_a": ("schutz_b",),
    # facility staff: another facility of the same region, and one of the other region
    "staff_a": ("staff_park", "staff_b"),
    "vera": ("bob",),
    "jung": ("bob",),
    "rita": ("bob",),
    "-": ("bob",),
}
VOLUNTEER = "victor"  # a volunteer of region A who is not in the match


def _no_args(s: Scene) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Entry:
    kind: Kind
    allowed: str
    args: Args = _no_args
    marker: str | None = None
    ok: frozenset[int] = frozenset({200})
    record: Record | None = None
    other: tuple[str, ...] = ()
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # query string

    @property
    def other_users(self) -> tuple[str, ...]:
        return self.other or OTHER[self.allowed]


def _get(s: Scene, name: str) -> Any:
    return s.objects[name] if name in s.objects else getattr(s, name)


@dataclass(frozen=True)
class pk:  # noqa: N801 - reads as ``pk("jugendliche")`` in the table
    """The URL's ``pk`` is the scene's record ``name``; the record is also what a refused POST
    must leave unchanged."""

    name: str

    def __call__(self, s: Scene) -> dict[str, Any]:
        return {"pk": _get(s, self.name).pk}

    def record(self, s: Scene) -> models.Model:
        return _get(s, self.name)  # type: ignore[no-any-return]


def _pk_of(name: str) -> Record:
    return lambda s: _get(s, name)  # type: ignore[no-any-return]


ACTION_NOTE = "POST only: the allowed user is checked for not being refused (200 or a redirect \
back); that the action works is tested with the app"


def E(kind: Kind, allowed: str, args: Args = _no_args, **kw: Any) -> Entry:  # noqa: N802
    if kind is Kind.ACTION and not kw.get("note"):
        kw["note"] = ACTION_NOTE
    return Entry(kind, allowed, args, **kw)


OBJ, LST, OWN, ACT, PUB = Kind.OBJECT, Kind.LIST, Kind.OWN, Kind.ACTION, Kind.PUBLIC
REDIRECT = frozenset({302})
OPEN_REQUEST = 'id="erasure-request-state"'  # the state of one's own open erasure request
FILE = frozenset({200})

# --- the site's own pages -----------------------------------------------------------------------

SITE: dict[str, Entry] = {
    "home": E(PUB, "-", ok=frozenset({200, 302}), note="a logged-in visitor goes to their start"),
    "start": E(OWN, "vera", ok=REDIRECT, note="sends each role to its own start page"),
    "become_mentor": E(PUB, "-"),
    "einladung_accept": E(
        PUB,
        "-",
        lambda s: {"token": "not-a-real-token"},
        ok=frozenset({410}),
        note="an unknown invitation is gone (410) for everyone",
    ),
    "set_language": E(PUB, "-", ok=REDIRECT, note="POST only; changes the visitor's language"),
    "forschung_start": E(OBJ, "rita", note="pseudonymised study data of all regions"),
    "forschung_download": E(
        OBJ,
        "rita",
        lambda s: {"instrument_id": s["instrument"].pk, "kind": "daten", "fmt": "csv"},
        note="pseudonymised: no names at all",
    ),
    "portal:start": E(OWN, "vera", marker=YOUNG_A),
    "portal:bewerbung": E(OWN, "vera", marker=MENTOR_A["first_name"]),
    "portal:supervision": E(OWN, "vera", marker="Dr. Sieglinde Supervisorin"),
    "portal:supervision_answer": E(
        ACT,
        "vera",
        pk("supervision_einladung"),
        record=_pk_of("supervision_einladung"),
        ok=REDIRECT,
    ),
    "portal:status_change": E(
        OWN,
        "vera",
        lambda s: {"action": "pause"},
        record=_pk_of("vera"),
        note="acts on the requester's own record only: Vera's stays unchanged",
    ),
    "portal:delete_account": E(
        OWN,
        "vera",
        record=_pk_of("vera"),
        note="acts on the requester's own account only: Vera's stays unchanged",
    ),
    "portal:my_data": E(OWN, "vera"),
    "portal:my_data_download": E(
        OWN, "vera", lambda s: {"fmt": "json"}, marker=MENTOR_A["last_name"]
    ),  # fmt: skip
    "portal:erasure_request": E(
        OWN,
        "vera",
        record=_pk_of("loeschantrag_vera"),
        marker=OPEN_REQUEST,
        other=("bob", "jung", "wanda"),
        note="one's own erasure request (Vera's is open); a coordinator or young person: 403",
    ),
    "portal:erasure_request_withdraw": E(
        ACT,
        "vera",
        record=_pk_of("loeschantrag_vera"),
        ok=REDIRECT,
        other=("bob", "jung", "wanda"),
    ),
    "benachrichtigungen:inbox": E(OWN, "alice"),
    "benachrichtigungen:einstellungen": E(OWN, "alice"),
    "einrichtungen:start": E(LST, "staff_a", marker=YOUNG_A),
    "einrichtungen:jugendliche_create": E(LST, "staff_a"),
    "einrichtungen:jugendliche_detail": E(OBJ, "staff_a", pk("jugendliche"), marker=YOUNG_A),
    "einrichtungen:jugendliche_update": E(OBJ, "staff_a", pk("jugendliche"), marker=YOUNG_A),
    "einrichtungen:jugendliche_auszug": E(OBJ, "staff_a", pk("jugendliche"), marker=YOUNG_A),
    "einrichtungen:einwilligung_create": E(OBJ, "staff_a", pk("jugendliche"), marker=YOUNG_A),
    "einrichtungen:anfrage_create": E(OBJ, "staff_a", pk("waiting"), marker=WAITING_A),
    "einrichtungen:elternteil_create": E(OBJ, "alice", pk("familie"), marker=FAMILY_A),
    "einrichtungen:kind_create": E(OBJ, "alice", pk("familie"), marker=FAMILY_A),
    "einrichtungen:hilfeplangespraech_create": E(OBJ, "staff_a", pk("jugendliche"), marker=YOUNG_A),
    "einrichtungen:einwilligung_revoke": E(
        ACT, "staff_a", pk("einwilligung"), record=_pk_of("einwilligung"), ok=REDIRECT
    ),
    "einrichtungen:anfrage_list": E(LST, "staff_a", marker=WAITING_A),
    "einrichtungen:anfrage_withdraw": E(
        ACT, "staff_a", pk("anfrage_waiting"), record=_pk_of("anfrage_waiting"), ok=REDIRECT
    ),
    "einrichtungen:hilfeplangespraech_detail": E(
        OBJ, "staff_a", pk("hilfeplangespraech"), marker=YOUNG_A
    ),
    "einrichtungen:hilfeplangespraech_update": E(
        OBJ, "staff_a", pk("hilfeplangespraech"), marker=YOUNG_A
    ),
    "einrichtungen:team": E(OBJ, "staff_a", pk("einrichtung_a"), marker="Lindenhof"),
    "schutzkonzept:uebersicht": E(OWN, "vera"),
    "schutzkonzept:verhaltenskodex": E(OWN, "vera"),
    "schutzkonzept:unterzeichnung_pdf": E(
        OBJ, "vera", pk("unterzeichnung"), ok=FILE, marker="walk/kodex.pdf"
    ),
    "schutzkonzept:bestaetigung_request": E(
        OWN, "vera", ok=REDIRECT, note="POST asks for one's own letter"
    ),
    "schutzkonzept:bestaetigung_pdf": E(
        OBJ, "vera", pk("antragsbestaetigung"), ok=FILE, marker="walk/letter.pdf"
    ),
    "schutzkonzept:meldung_new": E(OWN, "staff_a", note="anyone with a role may report"),
    "schutzkonzept:jugend_meldung": E(PUB, "-", note="young people report without an account"),
    "schutzkonzept:meldung_list": E(LST, "schutz_a"),
    "schutzkonzept:meldung_detail": E(OBJ, "schutz_a", pk("meldung"), marker=CONCERN_A),
    "matching:portal": E(OWN, "vera", marker=YOUNG_A),
    "matching:confirm": E(
        OBJ,
        "vera",
        pk("begleitung"),
        ok=REDIRECT,
        note="the match runs: nothing left to confirm, back to it",
    ),
    "matching:treffen_create": E(OBJ, "vera", pk("begleitung")),
    "matching:treffen_update": E(OBJ, "vera", pk("treffen"), marker="Eis essen"),
    "matching:vereinbarung_pdf": E(OBJ, "vera", pk("begleitung"), ok=FILE, marker="walk/agree.pdf"),
    "matching:staff_list": E(LST, "staff_a", marker=YOUNG_A),
    "matching:wunsch": E(OBJ, "staff_a", pk("waiting"), marker=WAITING_A),
    "matching:staff_confirm": E(
        ACT,
        "staff_a",
        lambda s: {"pk": s.begleitung.pk, "partei": "einrichtung"},
        record=_pk_of("begleitung"),
        ok=REDIRECT,
    ),
    "exporte:status": E(OBJ, "alice", pk("export")),
    "exporte:download": E(OBJ, "alice", pk("export"), ok=FILE, marker=MENTOR_A["last_name"]),
    "exporte:start": E(
        LST,
        "alice",
        lambda s: {"name": "admin.einrichtungen.jugendliche"},
        extra={"format": "csv"},
        marker=YOUNG_A,
        note="the CSV of the list, as the user sees it",
    ),
    "forschung:start": E(OWN, "vera"),
    "forschung:einwilligung": E(OWN, "vera"),
    "forschung:welle": E(
        OBJ,
        "vera",
        lambda s: {"begleitung_id": s.begleitung.pk, "code": s["instrument"].code, "nummer": 0},
    ),  # fmt: skip
    "forschung:jugend_einladen": E(OBJ, "staff_a", pk("jugendliche"), marker=YOUNG_A),
    "jung:start": E(OWN, "jung", marker=MENTOR_A["first_name"]),
    "jung:welle": E(
        OBJ,
        "jung",
        lambda s: {"begleitung_id": s.begleitung.pk, "code": s["instrument"].code, "nummer": 0},
    ),  # fmt: skip
    "jung:einwilligung_geben": E(OWN, "jung", ok=REDIRECT, note="POST only, on one's own record"),
    "jung:meine_daten": E(OWN, "jung", lambda s: {"fmt": "json"}, marker=YOUNG_A),
    "jung:einwilligung_widerrufen": E(
        ACT,
        "jung",
        pk("eigene_einwilligung"),
        record=_pk_of("eigene_einwilligung"),
        ok=REDIRECT,
    ),
    "jung:loeschantrag": E(
        OBJ,
        "jung",
        record=_pk_of("loeschantrag_jung"),
        marker=OPEN_REQUEST,
        other=("alice", "bob", "vera"),
        note="only a young person with her own access has it (404 for everyone else)",
    ),
    "jung:loeschantrag_zurueckziehen": E(
        ACT,
        "jung",
        record=_pk_of("loeschantrag_jung"),
        ok=REDIRECT,
        other=("alice", "bob", "vera"),
    ),
    "nachweise:portal": E(OWN, "vera"),
    "nachweise:download": E(OBJ, "vera", pk("nachweis"), ok=FILE, marker="walk/nachweis.pdf"),
    "auslagen:list": E(OWN, "vera", marker="Bustickets zum Zoo"),
    "auslagen:create": E(OWN, "vera"),
    "auslagen:receipt": E(OBJ, "vera", pk("auslage"), ok=FILE, marker="walk/beleg.pdf"),
    # the cooperation network: staff of a member provider (the Lindenhof's); Kinderhaus Am Park
    # belongs to no member, region B has no network, Viktor sees only events open to volunteers
    "netzwerk:start": E(LST, "staff_a", marker=NETWORK_NEED),
    "netzwerk:veranstaltungen": E(
        OWN,
        "staff_a",
        marker=NETWORK_EVENT,
        note="each sees the events open to them: a volunteer those for volunteers",
    ),  # fmt: skip
    "netzwerk:veranstaltung": E(OBJ, "staff_a", pk("netzwerk_veranstaltung"), marker=NETWORK_EVENT),
    "netzwerk:ical": E(
        OBJ, "staff_a", pk("netzwerk_veranstaltung"), ok=FILE, marker=f"SUMMARY:{NETWORK_EVENT}"
    ),
    "netzwerk:anmelden": E(ACT, "staff_a", pk("netzwerk_veranstaltung"), ok=REDIRECT),
    "netzwerk:absagen": E(ACT, "staff_a", pk("netzwerk_veranstaltung"), ok=REDIRECT),
    # the organiser's pages: staff_a leads the Lindenhof of the member provider that organises
    # the event; the others see it not at all (404) or may not manage it (403)
    "netzwerk:veranstalten": E(LST, "staff_a", marker=NETWORK_OWN_EVENT),
    "netzwerk:bearbeiten": E(
        OBJ, "staff_a", pk("netzwerk_eigene_veranstaltung"), marker=NETWORK_OWN_EVENT
    ),
    "netzwerk:anwesenheit": E(
        OBJ, "staff_a", pk("netzwerk_eigene_veranstaltung"), marker=NETWORK_OWN_EVENT
    ),
    "netzwerk:absage": E(ACT, "staff_a", pk("netzwerk_eigene_veranstaltung"), ok=REDIRECT),
    "netzwerk:anfragen": E(LST, "staff_a", marker=NETWORK_NEED),
    "netzwerk:anfrage": E(OBJ, "staff_a", pk("einspringanfrage"), marker=NETWORK_NEED),
}

# allauth's own account pages: they decide themselves who may (a logged-in user's own account,
# or a form for anonymous visitors); that they do not reveal accounts is tested in
# tests/wegbegleitung/test_accounts_enumeration.py. None of them shows another person's data.
EXEMPT_PREFIXES = {
    "account_": "allauth account pages (login, signup, password, e-mail) act only on the "
    "visitor's own account; enumeration-safety: tests/wegbegleitung/test_accounts_enumeration.py",
    "mfa_": "allauth two-factor pages act only on the logged-in user's own authenticators; "
    "tested in tests/wegbegleitung/test_two_factor.py",
}

# --- the admin site -----------------------------------------------------------------------------

NO_UPLOAD = "a step of the import: without an upload in the session there is nothing (404)"

ADMIN_SITE: dict[str, Entry] = {
    "admin:index": E(LST, "alice"),
    "admin:login": E(PUB, "-", ok=frozenset({200, 302}), note="through allauth's login"),
    "admin:logout": E(PUB, "-", ok=frozenset({200, 302}), note="ends one's own session, if any"),
    "admin:password_change": E(OWN, "alice", note="one's own password"),
    "admin:password_change_done": E(OWN, "alice"),
    "admin:auth_user_password_change": E(
        OBJ,
        "root",
        lambda s: {"id": s.vera.user.pk},
        marker=MENTOR_A["email"],
        note="setting someone's password: only the platform's operators",
    ),
    "admin:autocomplete": E(
        LST,
        "alice",
        extra={
            "app_label": "matching",
            "model_name": "begleitung",
            "field_name": "wegbegleiter",
            "term": MENTOR_A["last_name"][:5],
        },
        marker=MENTOR_A["last_name"],
        note="the search behind a record field: only the user's own region's records",
    ),  # fmt: skip
    "admin:jsi18n": E(OWN, "alice", note="the admin's translation catalogue"),
    "admin:view_on_site": E(
        OWN,
        "alice",
        lambda s: {
            "content_type_id": ContentType.objects.get_for_model(s.jugendliche).pk,
            "object_id": s.jugendliche.pk,
        },
        ok=REDIRECT,
        note="a redirect to the record's own page, which checks permission itself",
    ),  # fmt: skip
    "admin:app_list": E(LST, "alice", lambda s: {"app_label": "einrichtungen"}),
    "admin:uebersicht": E(LST, "alice"),
    "admin:berichte": E(LST, "alice"),
    "admin:berichte_jahresbericht": E(LST, "alice", ok=REDIRECT, note="POST asks for a report"),
    "admin:berichte_jahresbericht_status": E(OBJ, "alice", pk("jahresbericht")),
    "admin:berichte_jahresbericht_pdf": E(
        OBJ, "alice", pk("jahresbericht"), ok=FILE, marker="walk/jahresbericht.pdf"
    ),
    "admin:uebernahme": E(LST, "alice"),
    "admin:uebernahme_vorschau": E(LST, "alice", ok=frozenset({404}), note=NO_UPLOAD),
    "admin:uebernahme_bestaetigen": E(LST, "alice", ok=frozenset({404}), note=NO_UPLOAD),
    "admin:uebernahme_abgelehnt": E(
        LST, "alice", lambda s: {"fmt": "csv"}, ok=frozenset({404}), note=NO_UPLOAD
    ),
    "admin:uebernahme_vorlage": E(LST, "alice", lambda s: {"art": "jugendliche", "fmt": "csv"}),
    "admin:wegbegleitung_wegbegleiter_status": E(
        OBJ, "alice", pk("vera"), marker=MENTOR_A["last_name"]
    ),
    "admin:wegbegleitung_wegbegleiter_personal_data": E(
        OBJ, "alice", lambda s: {"pk": s.vera.pk, "fmt": "json"}, marker=MENTOR_A["last_name"]
    ),
    "admin:wegbegleitung_wegbegleiter_erasure": E(
        OBJ, "alice", pk("vera"), marker=MENTOR_A["last_name"]
    ),
    "admin:wegbegleitung_wegbegleiter_programme": E(
        OBJ, "alice", pk("vera"), marker=MENTOR_A["last_name"]
    ),
    "admin:wegbegleitung_user_personal_data": E(
        OBJ,
        "alice",
        lambda s: {"pk": s["konto_staff"].pk, "fmt": "json"},
        record=_pk_of("konto_staff"),
        marker=STAFF_SUBJECT["email"],
        other=("bob", "schutz_b"),
        note="a staff member's account: a coordinator of her facility's region",
    ),
    "admin:wegbegleitung_user_erasure": E(
        OBJ,
        "alice",
        pk("konto_staff"),
        marker=STAFF_SUBJECT["last_name"],
        other=("bob", "schutz_b"),
        note="a staff member's account: a coordinator of her facility's region",
    ),
    "admin:wegbegleitung_loeschantrag_refuse": E(
        OBJ, "alice", pk("loeschantrag_vera"), marker=ERASURE_VERA
    ),
    "admin:einrichtungen_jugendliche_personal_data": E(
        OBJ, "alice", lambda s: {"pk": s.jugendliche.pk, "fmt": "json"}, marker=YOUNG_A
    ),
    "admin:einrichtungen_jugendliche_erasure": E(OBJ, "alice", pk("jugendliche"), marker=YOUNG_A),
    "admin:matching_begleitung_step": E(
        ACT,
        "alice",
        lambda s: {"pk": s.begleitung.pk, "action": "pause"},
        record=_pk_of("begleitung"),
        ok=frozenset({200, 302}),
    ),  # fmt: skip
    "admin:matching_begleitung_kennenlernen": E(OBJ, "alice", pk("begleitung"), marker=YOUNG_A),
    "admin:matching_begleitung_vereinbarung": E(OBJ, "alice", pk("begleitung"), marker=YOUNG_A),
    "admin:matching_begleitung_confirm": E(
        ACT,
        "alice",
        lambda s: {"pk": s.begleitung.pk, "partei": "koordination"},
        record=_pk_of("begleitung"),
        ok=frozenset({200, 302}),
    ),  # fmt: skip
    "admin:matching_begleitung_kontakt": E(OBJ, "alice", pk("begleitung"), marker=YOUNG_A),
    "admin:matching_begleitung_abschluss": E(OBJ, "alice", pk("begleitung"), marker=YOUNG_A),
    "admin:matching_begleitung_uebersicht": E(LST, "alice"),
    "admin:matching_vermittlung_region": E(
        OBJ, "alice", lambda s: {"region_id": s.region_a.pk}, marker=WAITING_A
    ),
}


@dataclass(frozen=True)
class AdminModel:
    """A registered model: which record of region A its pages open, and who may."""

    record: Record
    allowed: str = "alice"
    marker: str | None = None
    # views the allowed user is refused too (nobody adds audit events by hand, ...)
    closed: frozenset[str] = frozenset()
    regional: bool = True  # False: shared reference data, the same for every region
    change: frozenset[int] = frozenset({200})
    note: str = ""


def _first(label: str, **lookup: Any) -> Record:
    def record(s: Scene) -> models.Model:
        from django.apps import apps

        found = apps.get_model(label)._default_manager.filter(**lookup).order_by("pk").first()
        assert found is not None, f"the scene has no {label}"
        return found

    return record


_obj = _pk_of


NONE = frozenset({"add", "delete"})
NO_DELETE = frozenset({"delete"})
CLOSED_WHY = {
    NONE: "closed to everyone: these records come from the services (portal, workflow, import), "
    "never typed into the admin, and are not deleted by hand",
    NO_DELETE: "closed to everyone: the record is kept (the law, the trail or the history needs "
    "it); its own deletion rules apply",
}

ADMIN_MODELS: dict[str, AdminModel] = {
    "auth.group": AdminModel(
        _first("auth.group"),
        "root",
        regional=False,
        note="role groups: only the platform's operators",
    ),
    "wegbegleitung.user": AdminModel(lambda s: s.vera.user, "root", MENTOR_A["last_name"]),
    "wegbegleitung.loeschantrag": AdminModel(
        _obj("loeschantrag_vera"),
        marker=MENTOR_A["last_name"],
        closed=NONE,
        note="the coordinators of the request's region read it (the change page is read only)",
    ),
    "wegbegleitung.region": AdminModel(_obj("region_a"), "root", "Rhein-Main"),
    "wegbegleitung.auditevent": AdminModel(_first("wegbegleitung.auditevent"), "root", closed=NONE),
    "wegbegleitung.einladung": AdminModel(
        _obj("einladung"), marker="zorbalina@walk.example", closed=NO_DELETE
    ),
    "wegbegleitung.benachrichtigung": AdminModel(
        _first("wegbegleitung.benachrichtigung"), closed=NONE
    ),
    "wegbegleitung.outboxtask": AdminModel(_first("wegbegleitung.outboxtask"), "root", closed=NONE),
    "wegbegleitung.wegbegleiter": AdminModel(
        _obj("vera"), marker=MENTOR_A["last_name"], closed=NONE
    ),
    "wegbegleitung.schulungstermin": AdminModel(_first("wegbegleitung.schulungstermin")),
    "wegbegleitung.supervision": AdminModel(
        _first("wegbegleitung.supervision"), marker="Dr. Sieglinde Supervisorin"
    ),
    "wegbegleitung.interesse": AdminModel(
        _first("wegbegleitung.interesse"), "root", regional=False
    ),
    "wegbegleitung.postleitzahl": AdminModel(
        _first("wegbegleitung.postleitzahl"), "root", regional=False, closed=NONE
    ),
    "programme.programm": AdminModel(
        _first("programme.programm", standard=True),
        "root",
        regional=False,
        closed=NO_DELETE,
        note="the association's programmes: the management changes them, coordinators read them",
    ),
    "einrichtungen.traeger": AdminModel(_first("einrichtungen.traeger"), "root", regional=False),
    "einrichtungen.einrichtung": AdminModel(
        _obj("einrichtung_a"), marker="Lindenhof", closed=NO_DELETE
    ),
    "einrichtungen.jugendliche": AdminModel(_obj("jugendliche"), marker=YOUNG_A, closed=NO_DELETE),
    "einrichtungen.anfrage": AdminModel(_obj("anfrage_waiting"), marker=WAITING_A, closed=NONE),
    "einrichtungen.einwilligung": AdminModel(_obj("einwilligung"), marker=YOUNG_A, closed=NONE),
    "einrichtungen.hilfeplangespraech": AdminModel(
        _obj("hilfeplangespraech"), marker=YOUNG_A, closed=NONE
    ),
    "schutzkonzept.fuehrungszeugnis": AdminModel(
        _first("schutzkonzept.fuehrungszeugnis"), marker=MENTOR_A["last_name"], closed=NO_DELETE
    ),
    "schutzkonzept.schutzschulung": AdminModel(
        _first("schutzkonzept.schutzschulung"), marker=MENTOR_A["last_name"], closed=NO_DELETE
    ),
    "schutzkonzept.antragsbestaetigung": AdminModel(
        _obj("antragsbestaetigung"), marker=MENTOR_A["last_name"], closed=NO_DELETE
    ),
    "schutzkonzept.unterzeichnung": AdminModel(
        _obj("unterzeichnung"), marker=MENTOR_A["last_name"], closed=NONE
    ),
    "schutzkonzept.verhaltenskodex": AdminModel(
        _first("schutzkonzept.verhaltenskodex"), regional=False, closed=NO_DELETE
    ),
    "schutzkonzept.freigabe": AdminModel(_obj("vera"), marker=MENTOR_A["last_name"], closed=NONE),
    "schutzkonzept.freigabeverlust": AdminModel(
        _obj("freigabeverlust"), marker=MENTOR_A["last_name"], closed=NONE
    ),
    "schutzkonzept.meldung": AdminModel(
        _obj("meldung"),
        "schutz_a",
        closed=NONE,
        change=REDIRECT,
        note="the change page sends a lead to the concern's own page (schutzkonzept:meldung_detail)",
    ),
    "schutzkonzept.verweigerterzugriff": AdminModel(
        _first("schutzkonzept.verweigerterzugriff"), "schutz_a", closed=NONE
    ),
    "matching.begleitung": AdminModel(_obj("begleitung"), marker=YOUNG_A, closed=NONE),
    "matching.vermittlung": AdminModel(_obj("anfrage_waiting"), marker=WAITING_A, closed=NONE),
    "matching.gewichtung": AdminModel(_first("matching.gewichtung"), closed=NO_DELETE),
    "matching.kapazitaet": AdminModel(
        _obj("kapazitaet"), marker=MENTOR_A["last_name"], closed=NO_DELETE
    ),
    "matching.wunsch": AdminModel(_obj("wunsch"), marker=WAITING_A, closed=NO_DELETE),
    "matching.aussetzung": AdminModel(
        _obj("aussetzung"), marker=MENTOR_A["last_name"], closed=NONE
    ),
    "auslagen.auslage": AdminModel(_obj("auslage"), marker="Bustickets zum Zoo", closed=NONE),
    "auslagen.satz": AdminModel(_first("auslagen.satz"), regional=False, closed=NO_DELETE),
    "netzwerk.mitgliedschaft": AdminModel(
        _obj("mitgliedschaft"), marker="Jugendhilfe Walk e.V.", closed=NO_DELETE
    ),
    "netzwerk.veranstaltung": AdminModel(
        _obj("netzwerk_veranstaltung"), marker=NETWORK_EVENT, closed=NO_DELETE
    ),
    "netzwerk.einspringanfrage": AdminModel(
        _obj("einspringanfrage"),
        marker="Jugendhilfe Walk e.V.",
        closed=NONE,
        note="members post requests on the network's pages; the coordinators read them here",
    ),  # fmt: skip
    "nachweise.nachweis": AdminModel(
        _obj("nachweis"), marker=MENTOR_A["last_name"], closed=NO_DELETE
    ),
    "forschung.instrument": AdminModel(_obj("instrument"), regional=False, closed=NO_DELETE),
    "forschung.welle": AdminModel(_obj("welle_mentor"), marker=YOUNG_A, closed=NONE),
    "account.emailaddress": AdminModel(
        lambda s: s.vera.user.emailaddress_set.get(), "root", MENTOR_A["email"]
    ),  # fmt: skip
    "mfa.authenticator": AdminModel(
        _first("mfa.authenticator", user__email="alice@walk.example"), "root"
    ),  # fmt: skip
}

ADMIN_VIEWS = ("changelist", "add", "change", "delete", "history")


def _model_entries(label: str, spec: AdminModel) -> Iterator[tuple[str, Entry]]:
    app, model = label.split(".")
    object_args: Args = lambda s: {"object_id": spec.record(s).pk}  # noqa: E731
    for view in ADMIN_VIEWS:
        name = f"admin:{app}_{model}_{view}"
        note = CLOSED_WHY[spec.closed] if view in spec.closed else spec.note
        ok = frozenset({403}) if view in spec.closed else frozenset({200})
        if view == "change" and view not in spec.closed:
            ok = spec.change
        marker = spec.marker if view in ("changelist", "change") else None
        kind = LST if view in ("changelist", "add") else OBJ
        if not spec.regional and kind is OBJ:
            kind = LST  # shared reference data: every region's coordinators see the same
        args = _no_args if view in ("changelist", "add") else object_args
        yield name, Entry(kind, spec.allowed, args, marker=marker, ok=ok, note=note)


def table() -> dict[str, Entry]:
    entries = {**SITE, **ADMIN_SITE}
    for label, spec in ADMIN_MODELS.items():
        entries.update(_model_entries(label, spec))
    return entries


# --- enumeration --------------------------------------------------------------------------------


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}"


def url_views(patterns: list[Any] | None = None) -> Iterator[tuple[str, Any]]:
    """(name, view) of every URL pattern, named or not."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from url_views(p.url_patterns)
        elif isinstance(p, URLPattern):
            yield str(p.name or p.pattern), p.callback


def url_names() -> set[str]:
    """Every named URL of the root URLconf, with its namespace."""
    return set(_walk(get_resolver().url_patterns))


def admin_view_names() -> set[str]:
    """Every admin view: each registered model's five pages and its own ``get_urls()``."""
    names = set()
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        names |= {f"admin:{opts.app_label}_{opts.model_name}_{v}" for v in ADMIN_VIEWS}
        names |= {f"admin:{u.name}" for u in model_admin.get_urls() if u.name}
    return names


def exemption(name: str) -> str | None:
    return next((why for prefix, why in EXEMPT_PREFIXES.items() if name.startswith(prefix)), None)


def walked_names() -> list[str]:
    return sorted(n for n in url_names() | admin_view_names() if exemption(n) is None)
