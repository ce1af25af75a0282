"""The kinds of import: the columns of each, how a row is checked and what it creates.

Each kind checks all rows with a fixed number of queries (existing records are fetched once per
file, not per row), and creates through the services of the app that owns the record, so every
rule, permission and audit event of the platform applies. Natural keys (re-importing the same
file creates nothing twice):

- volunteers: the email address;
- facilities: name and postal code within the region (providers: their name);
- young people: facility, first name, year and month of birth;
- matches: the volunteer and the young person (an open match of the pair exists).

Safeguarding facts are never read from a file: no certificate, no clearance, no decision. A
volunteer is imported at most "in screening" (see ``wegbegleiter_stage``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from einrichtungen.models import Anfrage, Einrichtung, Jugendliche, Traeger
from einrichtungen.permissions import can_add_jugendliche
from einrichtungen.services.einrichtungen import (
    einrichtung_create,
    einrichtung_validate,
    traeger_save,
)
from einrichtungen.services.jugendliche import (
    anfrage_create,
    jugendliche_create,
    jugendliche_validate,
)
from matching.models import Begleitung, Kapazitaet
from matching.selectors import pair_for
from matching.services.lifecycle import begleitung_propose, check_clearance, check_consents
from schutzkonzept.clearance import annotate_clearance
from uebernahme.reading import Row
from uebernahme.rows import (
    CREATE,
    REFUSE,
    SKIP,
    Refused,
    RowResult,
    cell,
    german_date,
    messages_of,
    required,
    whole_number,
)
from wegbegleitung.models import Bewerbung, Region, User, Wegbegleiter
from wegbegleitung.permissions import has_perm
from wegbegleitung.roles import Role
from wegbegleitung.services.audit import audit_log
from wegbegleitung.services.geo import coordinates_for
from wegbegleitung.services.roles import user_grant_role

S = Wegbegleiter.Status


@dataclass(frozen=True)
class Art:
    key: str
    label: Any
    columns: tuple[str, ...]
    example: tuple[str, ...]
    check: Callable[[User, Region, Sequence[Row]], list[RowResult]]
    create: Callable[[User, Region, dict[str, Any]], Any]


def _results(
    rows: Sequence[Row], key: Callable[[Row], tuple[Any, ...]], one: Callable[[Row], RowResult]
) -> list[RowResult]:
    """Check each row; the second row with the same natural key is refused as a duplicate."""
    seen: dict[tuple[Any, ...], int] = {}
    out = []
    for index, row in enumerate(rows):
        line = index + 2
        try:
            natural = key(row)
            if natural in seen:
                raise Refused(_("Same as line %(line)d of this file.") % {"line": seen[natural]})
            seen[natural] = line
            result = one(row)
        except Refused as exc:
            result = RowResult(line=0, values=row, outcome=REFUSE, summary=str(exc))
        result.line, result.values = line, row
        out.append(result)
    return out


def _same_as(rows: Sequence[Row]) -> Callable[[Row, tuple[Any, ...]], None]:
    """Refuse a row whose resolved key (records found, not the file's text) came earlier."""
    line_of = {id(row): index + 2 for index, row in enumerate(rows)}
    seen: dict[tuple[Any, ...], int] = {}

    def check(row: Row, key: tuple[Any, ...]) -> None:
        if key in seen:
            raise Refused(_("Same as line %(line)d of this file.") % {"line": seen[key]})
        seen[key] = line_of[id(row)]

    return check


# --- volunteers -------------------------------------------------------------------------------

# What the file may say about the stage, and the stage the import sets. The import never goes
# past "in screening": clearance (certificate, code of conduct, training) and the decision to
# accept happen in the platform, whatever the old spreadsheet said.
_STAGES = {
    "": S.INTERESSENT,
    "interessent": S.INTERESSENT,
    "interessiert": S.INTERESSENT,
    "beworben": S.IN_PRUEFUNG,
    "in_pruefung": S.IN_PRUEFUNG,
    "in prüfung": S.IN_PRUEFUNG,
    "verfuegbar": S.IN_PRUEFUNG,
    "verfügbar": S.IN_PRUEFUNG,
    "aktiv": S.IN_PRUEFUNG,
    "pausiert": S.IN_PRUEFUNG,
}
_NOT_IMPORTED = {"abgelehnt", "ausgeschieden"}
_SAFEGUARDING_LATER = {"verfuegbar", "verfügbar", "aktiv", "pausiert"}


def wegbegleiter_stage(text: str) -> str:
    stage = text.strip().lower()
    if stage in _NOT_IMPORTED:
        raise Refused(_("Declined or former volunteers are not imported (data minimisation)."))
    if stage not in _STAGES:
        raise Refused(
            _("Unknown stage “%(stage)s”; allowed: interessent, beworben, in_pruefung, verfuegbar.")
            % {"stage": text}
        )
    return _STAGES[stage]


def _check_volunteers(user: User, region: Region, rows: Sequence[Row]) -> list[RowResult]:
    emails = {cell(r, "E-Mail").lower() for r in rows}
    taken = dict(
        User.objects.annotate(e=Lower("email"))
        .filter(e__in=emails)
        .values_list("e", "wegbegleiter__region_id")
    )

    def one(row: Row) -> RowResult:
        email = required(row, "E-Mail").lower()
        try:
            validate_email(email)
        except ValidationError as exc:
            raise Refused(_("“%(value)s” is not an email address.") % {"value": email}) from exc
        if email in taken:
            if taken[email] == region.pk:
                return RowResult(0, row, SKIP, _("Already in the platform; nothing to do."))
            raise Refused(_("This email address already belongs to another account."))
        first, last = required(row, "Vorname"), required(row, "Nachname")
        stage = wegbegleiter_stage(cell(row, "Stufe"))
        plan = {"email": email, "first": first, "last": last, "status": stage,
                "phone": cell(row, "Telefon"), "plz": cell(row, "PLZ"), "ort": cell(row, "Ort")}  # fmt: skip
        _validate_bewerbung(plan)
        result = RowResult(0, row, CREATE, _volunteer_summary(plan), plan=plan)
        if stage == S.IN_PRUEFUNG:
            result.notes.append(
                _(
                    "Certificate of conduct, code of conduct, training and the decision follow in "
                    "the platform: safeguarding facts are never imported."
                )  # fmt: skip
            )
        if cell(row, "Stufe").lower() in _SAFEGUARDING_LATER:
            result.notes.append(
                _(
                    "The file says “%(stage)s”; imported as “Screening” until cleared in the "
                    "platform."
                )
                % {"stage": cell(row, "Stufe")}  # fmt: skip
            )
        return result

    return _results(rows, lambda r: (cell(r, "E-Mail").lower(),), one)


def _volunteer_summary(plan: dict[str, Any]) -> str:
    return _("Volunteer %(first)s %(last)s <%(email)s>, stage “%(stage)s”") % {
        "first": plan["first"],
        "last": plan["last"],
        "email": plan["email"],
        "stage": S(plan["status"]).label,
    }


def _validate_bewerbung(plan: dict[str, Any]) -> None:
    bewerbung = Bewerbung(phone=plan["phone"], postal_code=plan["plz"], city=plan["ort"])
    try:
        # its constraints concern fields an import never sets (checked again on create)
        bewerbung.full_clean(exclude=["wegbegleiter"], validate_constraints=False)
    except ValidationError as exc:
        raise Refused(messages_of(exc)) from exc


def wegbegleiter_uebernehmen(
    acting_user: User, region: Region, plan: dict[str, Any]
) -> Wegbegleiter:
    """Create the volunteer's account (no password: they set one with "forgot password") with
    the stage the import allows. The account gets the volunteer role, nothing more."""
    if not has_perm(acting_user, "wegbegleitung.change_wegbegleiter"):
        raise PermissionDenied(_("You may not import volunteers."))
    user = User.objects.create_user(
        plan["email"], None, first_name=plan["first"], last_name=plan["last"]
    )
    user_grant_role(acting_user=acting_user, user=user, role=Role.WEGBEGLEITUNG)
    wegbegleiter = Wegbegleiter.objects.create(
        user=user, region=region, status=plan["status"],
        status_reason=_("Imported from a spreadsheet."),
    )  # fmt: skip
    coords = coordinates_for(country=region.country, postal_code=plan["plz"])
    Bewerbung.objects.create(
        wegbegleiter=wegbegleiter, phone=plan["phone"], postal_code=plan["plz"],
        city=plan["ort"], latitude=coords[0] if coords else None,
        longitude=coords[1] if coords else None,
    )  # fmt: skip
    audit_log(
        actor=acting_user, action="wegbegleiter.import", obj=wegbegleiter,
        details={"status": plan["status"], "region": region.pk},
    )  # fmt: skip
    return wegbegleiter


# --- facilities (and their providers) ---------------------------------------------------------


def _choice(choices: Any, text: str, column: str, default: str) -> str:
    wanted = text.strip().lower()
    if not wanted:
        return default
    for value, label in choices:
        with translation.override("de"):  # the files are German, whatever the page's language
            german = str(label).lower()
        if wanted in {str(value).lower(), str(label).lower(), german}:
            return str(value)
    labels = ", ".join(str(label) for _value, label in choices)
    raise Refused(
        _("“%(value)s” is not allowed in “%(column)s”; allowed: %(labels)s.")
        % {"value": text, "column": column, "labels": labels}
    )


def _check_facilities(user: User, region: Region, rows: Sequence[Row]) -> list[RowResult]:
    existing = {
        (name.lower(), plz)
        for name, plz in Einrichtung.objects.filter(region=region).values_list(
            "name", "postleitzahl"
        )
    }
    providers = {name.lower() for name in Traeger.objects.values_list("name", flat=True)}
    may_add_provider = has_perm(user, "einrichtungen.change_traeger")

    def one(row: Row) -> RowResult:
        name, plz = required(row, "Name"), cell(row, "PLZ")
        if (name.lower(), plz) in existing:
            return RowResult(0, row, SKIP, _("Already in the platform; nothing to do."))
        data = {
            "art": _choice(Einrichtung.Art.choices, cell(row, "Art"), "Art", "wohngruppe"),
            "strasse": cell(row, "Straße"), "postleitzahl": plz, "ort": cell(row, "Ort"),
            "ansprechperson": cell(row, "Ansprechperson"),
            "ansprechperson_email": cell(row, "E-Mail Ansprechperson"),
            "ansprechperson_telefon": cell(row, "Telefon Ansprechperson"),
        }  # fmt: skip
        try:
            einrichtung_validate(Einrichtung(name=name, region=region, **data))
        except ValidationError as exc:
            raise Refused(messages_of(exc)) from exc
        provider = cell(row, "Träger")
        notes = []
        if provider and provider.lower() not in providers:
            if not may_add_provider:
                raise Refused(
                    _(
                        "The provider “%(name)s” is not in the platform yet, and you may not add "
                        "providers; ask the administration."
                    )
                    % {"name": provider}  # fmt: skip
                )
            notes.append(_("New provider “%(name)s”.") % {"name": provider})
        plan = {"name": name, "traeger": provider, **data}
        summary = _("Facility %(name)s, %(plz)s %(ort)s") % {"name": name, "plz": plz,
                                                              "ort": data["ort"]}  # fmt: skip
        return RowResult(0, row, CREATE, summary, notes=notes, plan=plan)

    return _results(rows, lambda r: (cell(r, "Name").lower(), cell(r, "PLZ")), one)


def einrichtung_uebernehmen(acting_user: User, region: Region, plan: dict[str, Any]) -> Einrichtung:
    data = dict(plan)
    name, provider = data.pop("name"), data.pop("traeger")
    traeger = None
    if provider:
        traeger = Traeger.objects.filter(name__iexact=provider).first() or traeger_save(
            acting_user=acting_user, traeger=Traeger(name=provider)
        )
    return einrichtung_create(
        acting_user=acting_user, name=name, region=region, traeger=traeger, **data
    )


# --- young people -----------------------------------------------------------------------------


def _facilities(region: Region) -> dict[tuple[str, str], Einrichtung]:
    return {(e.name.lower(), e.postleitzahl): e for e in Einrichtung.objects.filter(region=region)}


def _facility(facilities: dict[tuple[str, str], Einrichtung], row: Row) -> Einrichtung:
    key = (required(row, "Einrichtung").lower(), cell(row, "Einrichtung PLZ"))
    if not key[1]:  # without a postal code the name decides when it is unique in the region
        named = [e for (name, _plz), e in facilities.items() if name == key[0]]
        if len(named) == 1:
            return named[0]
    if key not in facilities:
        raise Refused(
            _(
                "No facility “%(name)s” with postal code “%(plz)s” in this region; import the "
                "facilities first."
            )
            % {"name": cell(row, "Einrichtung"), "plz": key[1]}  # fmt: skip
        )
    return facilities[key]


def _young_key(row: Row) -> tuple[Any, ...]:
    return (
        cell(row, "Einrichtung").lower(),
        cell(row, "Einrichtung PLZ"),
        cell(row, "Vorname").lower(),
        cell(row, "Geburtsjahr"),
        cell(row, "Geburtsmonat").lstrip("0"),
    )


def _existing_young(
    region: Region, *, with_consents: bool = False
) -> dict[tuple[int, str, int, int], Jugendliche]:
    young = Jugendliche.objects.filter(einrichtung__region=region)
    if with_consents:  # the consent check of a match reads them (one query for all)
        young = young.prefetch_related("einwilligungen")
    return {(j.einrichtung_id, j.vorname.lower(), j.geburtsjahr, j.geburtsmonat): j for j in young}


def _check_young(user: User, region: Region, rows: Sequence[Row]) -> list[RowResult]:
    facilities, existing = _facilities(region), _existing_young(region)
    same_as = _same_as(rows)

    def one(row: Row) -> RowResult:
        einrichtung = _facility(facilities, row)
        vorname = required(row, "Vorname")
        jahr = whole_number(row, "Geburtsjahr", 1900, 2100)
        monat = whole_number(row, "Geburtsmonat", 1, 12)
        same_as(row, (einrichtung.pk, vorname.lower(), jahr, monat))
        if (einrichtung.pk, vorname.lower(), jahr, monat) in existing:
            return RowResult(0, row, SKIP, _("Already in the platform; nothing to do."))
        if not can_add_jugendliche(user, einrichtung):
            raise Refused(_("You may not enter young people for this facility."))
        geschlecht = _choice(
            Jugendliche.Geschlecht.choices, cell(row, "Geschlecht"), "Geschlecht", "keine_angabe"
        )
        plan = {"einrichtung": einrichtung.pk, "vorname": vorname, "geburtsjahr": jahr,
                "geburtsmonat": monat, "geschlecht": geschlecht,
                "sprachen": cell(row, "Sprachen")}  # fmt: skip
        try:
            jugendliche_validate(Jugendliche(einrichtung=einrichtung, **_young_data(plan)))
        except ValidationError as exc:
            raise Refused(messages_of(exc)) from exc
        summary = _("Young person %(name)s (born %(month)02d/%(year)d) in %(facility)s") % {
            "name": vorname, "month": monat, "year": jahr, "facility": einrichtung.name}  # fmt: skip
        return RowResult(0, row, CREATE, summary, plan=plan)

    return _results(rows, _young_key, one)


def _young_data(plan: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in plan.items() if k != "einrichtung"}


def jugendliche_uebernehmen(acting_user: User, region: Region, plan: dict[str, Any]) -> Jugendliche:
    einrichtung = Einrichtung.objects.get(pk=plan["einrichtung"], region=region)
    return jugendliche_create(acting_user=acting_user, einrichtung=einrichtung, **_young_data(plan))


# --- running matches --------------------------------------------------------------------------


def _check_matches(user: User, region: Region, rows: Sequence[Row]) -> list[RowResult]:
    facilities, young = _facilities(region), _existing_young(region, with_consents=True)
    emails = {cell(r, "E-Mail Wegbegleiter:in").lower() for r in rows}
    volunteers = {
        w.user.email.lower(): w
        # annotated: the clearance check needs no query per row
        for w in annotate_clearance(
            Wegbegleiter.objects.filter(region=region, user__email__in=emails)
        ).select_related("user")
    }
    open_pairs = set(
        Begleitung.objects.filter(
            status__in=Begleitung.OPEN_STATES, wegbegleiter__region=region
        ).values_list("wegbegleiter_id", "jugendliche_id")
    )
    matched_young = {j for _w, j in open_pairs}
    places = _free_places(list(volunteers.values()), open_pairs)
    same_as = _same_as(rows)

    def one(row: Row) -> RowResult:
        wegbegleiter, jugendliche, beginn = _pair(volunteers, facilities, young, row)
        same_as(row, (wegbegleiter.pk, jugendliche.pk))
        if (wegbegleiter.pk, jugendliche.pk) in open_pairs:
            return RowResult(0, row, SKIP, _("Already in the platform; nothing to do."))
        if jugendliche.pk in matched_young:
            raise Refused(_("This young person already has a match with another volunteer."))
        _check_match_rules(wegbegleiter, jugendliche, places)
        places[wegbegleiter.pk] -= 1  # the next line of the same volunteer needs another place
        matched_young.add(jugendliche.pk)
        summary = _("Match of %(volunteer)s with %(young)s, started %(date)s") % {
            "volunteer": wegbegleiter, "young": jugendliche.vorname,
            "date": beginn.strftime("%d.%m.%Y")}  # fmt: skip
        note = _("Created as a proposal: the introduction and the agreement are recorded in the "
                 "platform, which then makes the match active.")  # fmt: skip
        plan = {"wegbegleiter": wegbegleiter.pk, "jugendliche": jugendliche.pk}
        return RowResult(0, row, CREATE, summary, notes=[note], plan=plan)

    return _results(
        rows, lambda r: (cell(r, "E-Mail Wegbegleiter:in").lower(), *_young_key(r)), one
    )


def _pair(
    volunteers: dict[str, Wegbegleiter],
    facilities: dict[tuple[str, str], Einrichtung],
    young: dict[tuple[int, str, int, int], Jugendliche],
    row: Row,
) -> tuple[Wegbegleiter, Jugendliche, date]:
    email = required(row, "E-Mail Wegbegleiter:in").lower()
    if email not in volunteers:
        raise Refused(_("No volunteer with this email address in this region."))
    einrichtung = _facility(facilities, row)
    key = (
        einrichtung.pk,
        required(row, "Vorname").lower(),
        whole_number(row, "Geburtsjahr", 1900, 2100),
        whole_number(row, "Geburtsmonat", 1, 12),
    )
    if key not in young:
        raise Refused(_("No such young person in this facility; import the young people first."))
    beginn = german_date(row, "Beginn")
    if beginn > timezone.localdate():
        raise Refused(_("“Beginn” lies in the future: a running match has already begun."))
    return volunteers[email], young[key], beginn


def _free_places(
    volunteers: list[Wegbegleiter], open_pairs: set[tuple[int, int]]
) -> dict[int, int]:
    capacity = dict(
        Kapazitaet.objects.filter(wegbegleiter__in=volunteers).values_list(
            "wegbegleiter_id", "max_begleitungen"
        )
    )
    taken = Counter(w for w, _j in open_pairs)
    return {w.pk: capacity.get(w.pk, 1) - taken[w.pk] for w in volunteers}


def _check_match_rules(
    wegbegleiter: Wegbegleiter, jugendliche: Jugendliche, places: dict[int, int]
) -> None:
    """The rules begleitung_propose applies, asked before anything is written."""
    try:
        check_clearance(wegbegleiter)
        check_consents(jugendliche)
    except ValidationError as exc:
        raise Refused(messages_of(exc)) from exc
    if places[wegbegleiter.pk] < 1:
        raise Refused(_("%(name)s has no free place for another match.") % {"name": wegbegleiter})
    # the proposal's hard rules (distance, ages, preferences): a few queries per creatable line
    reasons, _suggestion = pair_for(jugendliche, wegbegleiter)
    if reasons:
        raise Refused(
            _("This pair cannot be proposed: %(reasons)s") % {"reasons": "; ".join(reasons)}
        )


def begleitung_uebernehmen(acting_user: User, region: Region, plan: dict[str, Any]) -> Begleitung:
    jugendliche = Jugendliche.objects.get(pk=plan["jugendliche"], einrichtung__region=region)
    wegbegleiter = Wegbegleiter.objects.get(pk=plan["wegbegleiter"], region=region)
    anfrage = jugendliche.anfragen.filter(status__in=Anfrage.OPEN_STATES).first()
    if anfrage is None:
        anfrage = anfrage_create(acting_user=acting_user, jugendliche=jugendliche)
    return begleitung_propose(acting_user=acting_user, anfrage=anfrage, wegbegleiter=wegbegleiter)


ARTEN: dict[str, Art] = {
    art.key: art
    for art in [
        Art(
            "wegbegleiter", gettext_lazy("Volunteers"),
            ("E-Mail", "Vorname", "Nachname", "Telefon", "PLZ", "Ort", "Stufe"),
            ("maria.muster@example.org", "Maria", "Muster", "0151 2345678", "60311",
             "Frankfurt am Main", "interessent"),
            _check_volunteers, wegbegleiter_uebernehmen,
        ),
        Art(
            "einrichtungen", gettext_lazy("Facilities and providers"),
            ("Name", "Träger", "Art", "Straße", "PLZ", "Ort", "Ansprechperson",
             "E-Mail Ansprechperson", "Telefon Ansprechperson"),
            ("Wohngruppe Sonnenhof", "", "wohngruppe", "Hauptstraße 1", "60311",
             "Frankfurt am Main", "Frau Beispiel", "leitung@example.org", "069 123456"),
            _check_facilities, einrichtung_uebernehmen,
        ),
        Art(
            "jugendliche", gettext_lazy("Young people"),
            ("Einrichtung", "Einrichtung PLZ", "Vorname", "Geburtsmonat", "Geburtsjahr",
             "Geschlecht", "Sprachen"),
            ("Wohngruppe Sonnenhof", "60311", "Sam", "4", "2010", "keine_angabe", "Deutsch"),
            _check_young, jugendliche_uebernehmen,
        ),
        Art(
            "begleitungen", gettext_lazy("Running matches"),
            ("E-Mail Wegbegleiter:in", "Einrichtung", "Einrichtung PLZ", "Vorname",
             "Geburtsmonat", "Geburtsjahr", "Beginn"),
            ("maria.muster@example.org", "Wohngruppe Sonnenhof", "60311", "Sam", "4", "2010",
             "01.03.2025"),
            _check_matches, begleitung_uebernehmen,
        ),
    ]
}  # fmt: skip
