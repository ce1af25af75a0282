"""The mentor's match in the portal (phone first), the facility's view in the staff area, and
the agreement PDF for the parties only.

Every lookup is scoped to the logged-in person: another match's id gives "not found".
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from einrichtungen.permissions import (
    can_edit_jugendliche,
    is_staff_of,
    require_staff_area,
)
from einrichtungen.selectors import (
    anfrage_list_for,
    hilfeplangespraeche_for_mentor,
    jugendliche_for_mentor,
    jugendliche_get_for,
)
from matching import diary, lists, services
from matching.forms import JugendlicheConfirmForm, TreffenForm, WunschForm, add_service_errors
from matching.models import Begleitung, Partei, Treffen, Wunsch
from matching.permissions import can_download_vereinbarung
from matching.programmes import clearance_in
from schutzkonzept.pdf import private_path
from wegbegleitung.request_types import acting_user
from wegbegleitung.services.audit import audit_read


def _own(request: HttpRequest, pk: int) -> Begleitung:
    for begleitung in lists.begleitungen_of_mentor(user=acting_user(request)):
        if begleitung.pk == pk:
            return begleitung
    raise Http404


# --- portal -----------------------------------------------------------------------------------


@require_GET
@login_required
def portal(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    cursor = diary.Cursor.parse(request.GET.get("aeltere"))
    begleitungen = diary.mentor_matches(user=user, cursor=cursor)
    counts = diary.diary_counts(begleitungen)
    rows = []
    for begleitung in begleitungen:
        cleared = clearance_in(begleitung.wegbegleiter, begleitung.programm).cleared
        # without clearance no details of the young person are shown (DOMAIN.md)
        sicht = jugendliche_for_mentor(begleitung.jugendliche) if cleared else None
        if sicht is not None:
            audit_read(actor=user, obj=begleitung.jugendliche, what="mentor_view")
        vereinbarung = getattr(begleitung, "vereinbarung", None)
        page = diary.diary_page(begleitung, total=counts.get(begleitung.pk, 0), cursor=cursor)
        rows.append(
            {
                "b": begleitung,
                "sicht": sicht,
                "cleared": cleared,
                "hpgs": hilfeplangespraeche_for_mentor(begleitung.jugendliche) if sicht else [],
                "vereinbarung": vereinbarung,
                "bestaetigt": vereinbarung is not None
                and Partei.WEGBEGLEITER not in lists.missing_parties(vereinbarung),
                "treffen": [(t, services.treffen_correctable(t)) for t in page.entries],
                "diary": page,
            }
        )
    return render(request, "matching/portal.html", {"rows": rows})


@require_POST
@login_required
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    begleitung = _own(request, pk)
    try:
        services.vereinbarung_confirm(
            acting_user=acting_user(request), begleitung=begleitung, partei=Partei.WEGBEGLEITER
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Thank you: you have confirmed the agreement."))
    return redirect("matching:portal")


@require_http_methods(["GET", "POST"])
@login_required
def treffen_create(request: HttpRequest, pk: int) -> HttpResponse:
    begleitung = _own(request, pk)
    form = TreffenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.treffen_create(acting_user=acting_user(request), begleitung=begleitung, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting has been logged."))
            return redirect("matching:portal")
    return render(request, "matching/treffen_form.html", {"form": form, "begleitung": begleitung})


@require_http_methods(["GET", "POST"])
@login_required
def treffen_update(request: HttpRequest, pk: int) -> HttpResponse:
    treffen = (
        Treffen.objects.filter(pk=pk, begleitung__wegbegleiter__user=acting_user(request))
        .select_related("begleitung__jugendliche")
        .first()
    )
    if treffen is None:
        raise Http404
    if not services.treffen_correctable(treffen):
        messages.error(request, _("This entry can no longer be corrected."))
        return redirect("matching:portal")
    form = TreffenForm(request.POST or None, instance=treffen)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.treffen_update(acting_user=acting_user(request), treffen=treffen, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The entry has been corrected."))
            return redirect("matching:portal")
    context = {"form": form, "begleitung": treffen.begleitung, "treffen": treffen}
    return render(request, "matching/treffen_form.html", context)


# --- staff area -------------------------------------------------------------------------------


@require_GET
@login_required
@require_staff_area
def staff_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    ids = lists.facility_ids_of_staff(user)
    rows = [
        (b, lists.missing_parties(b.vereinbarung) if hasattr(b, "vereinbarung") else None)
        for b in lists.begleitungen_of_facility(user=user, einrichtung_ids=ids)
    ]
    waiting = (
        anfrage_list_for(user=user, nur_offene=True)
        .filter(jugendliche__einrichtung__in=ids)
        .select_related("jugendliche__matching_wunsch")
    )
    context = {"rows": rows, "form": JugendlicheConfirmForm(), "waiting": list(waiting)}
    return render(request, "matching/staff_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@require_staff_area
def wunsch(request: HttpRequest, pk: int) -> HttpResponse:
    """The facility says what matching should know: wished gender of the mentor, free times."""
    user = acting_user(request)
    jugendliche = jugendliche_get_for(user=user, pk=pk)
    if not can_edit_jugendliche(user, jugendliche) or not is_staff_of(user, jugendliche):
        raise Http404
    current = Wunsch.objects.filter(jugendliche=jugendliche).first()
    initial = (
        {"mentor_geschlecht": current.mentor_geschlecht, "zeiten": current.zeiten}
        if current
        else {}
    )
    form = WunschForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.wunsch_save(acting_user=user, jugendliche=jugendliche, **form.cleaned_data)
        messages.success(request, _("The wishes for the matching have been saved."))
        return redirect("matching:staff_list")
    return render(request, "matching/wunsch_form.html", {"form": form, "jugendliche": jugendliche})


@require_POST
@login_required
@require_staff_area
def staff_confirm(request: HttpRequest, pk: int, partei: str) -> HttpResponse:
    user = acting_user(request)
    begleitung = lists.begleitungen_of_facility(user=user).filter(pk=pk).first()
    if begleitung is None or partei not in (Partei.EINRICHTUNG, Partei.JUGENDLICHE):
        raise Http404
    form = JugendlicheConfirmForm(request.POST)
    name = request.POST.get("name", "")
    try:
        if partei == Partei.JUGENDLICHE and not form.is_valid():
            raise ValidationError(_("Please name who confirmed for the young person."))
        services.vereinbarung_confirm(
            acting_user=user, begleitung=begleitung, partei=partei, name=name
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The confirmation has been recorded."))
    return redirect("matching:staff_list")


# --- the agreement PDF ------------------------------------------------------------------------


@require_GET
@login_required
def vereinbarung_pdf(request: HttpRequest, pk: int) -> Any:
    begleitung = (
        Begleitung.objects.select_related(
            "vereinbarung", "wegbegleiter", "jugendliche__einrichtung"
        )
        .filter(pk=pk)
        .first()
    )
    if begleitung is None or not can_download_vereinbarung(request.user, begleitung):
        raise Http404  # not a party: the match does not exist for them
    vereinbarung = getattr(begleitung, "vereinbarung", None)
    if vereinbarung is None or not vereinbarung.pdf:
        raise Http404
    audit_read(actor=acting_user(request), obj=vereinbarung, what="download")
    response = FileResponse(
        private_path(vereinbarung.pdf).open("rb"),
        as_attachment=True,
        filename=f"vereinbarung-{begleitung.pk}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
