"""The staff area of the site: facility staff work here, not in the admin.

Views are thin: selectors find (and scope: another facility's record is "not found"), services
write, every opening of a young person's record or a help-plan conference is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from einrichtungen import forms, selectors, services, staff_links
from einrichtungen.einwilligungen import missing_scopes
from einrichtungen.familien import gespraech_art, scopes_for, scopes_lookup
from einrichtungen.models import Anfrage, Jugendliche
from einrichtungen.permissions import (
    acting,
    can_edit_jugendliche,
    can_invite_staff,
    einrichtungen_for_staff,
    require_staff_area,
)
from programme.models import Programm
from wegbegleitung.services.audit import audit_read


def _apply_errors(form: BaseForm, exc: ValidationError) -> None:
    """Put a service's message next to the field it concerns, or above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _editable(request: HttpRequest, pk: int) -> Jugendliche:
    jugendliche = selectors.jugendliche_get_for(user=request.user, pk=pk)
    if not can_edit_jugendliche(request.user, jugendliche):
        raise PermissionDenied(
            _("The young person has moved out: the facility can only read earlier records.")
        )
    return jugendliche


@require_GET
@login_required
@require_staff_area
def start(request: HttpRequest) -> HttpResponse:
    einrichtungen = list(selectors.einrichtungen_staff_list_for(user=request.user))
    ids = [e.pk for e in einrichtungen]
    jugendliche = selectors.jugendliche_as_seen_by(
        user=request.user,
        jugendliche=list(
            selectors.jugendliche_list_for(user=request.user).filter(einrichtung__in=ids)
        ),
    )
    scopes = scopes_lookup()
    rows = [(j, missing_scopes(j, j.einwilligungen.all(), scopes(j))) for j in jugendliche]
    leads = {e.pk for e in einrichtungen if can_invite_staff(request.user, e)}
    return render(
        request,
        "einrichtungen/start.html",
        {
            "einrichtungen": einrichtungen,
            "rows": rows,
            "leads": leads,
            "refers_families": bool(einrichtungen)
            and all(e.refers_families for e in einrichtungen),
            "todo": selectors.staff_todo_for(user=request.user, einrichtung_ids=ids, scopes=scopes),
            "links": staff_links.links_for(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@require_staff_area
def jugendliche_create(request: HttpRequest) -> HttpResponse:
    einrichtungen = einrichtungen_for_staff(request.user).order_by("name")
    if not einrichtungen.exists():
        raise Http404
    form = forms.JugendlicheForm(request.POST or None, einrichtungen=einrichtungen)
    if request.method == "POST" and form.is_valid():
        try:
            jugendliche = services.jugendliche_create(
                acting_user=acting(request),
                einrichtung=form.cleaned_data["einrichtung"],
                **form.service_data(),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The young person has been entered."))
            return redirect("einrichtungen:jugendliche_detail", pk=jugendliche.pk)
    context = {"form": form, "title": _("New young person")}
    return render(request, "einrichtungen/form_page.html", context, status=_status(form))


@require_GET
@login_required
@require_staff_area
def jugendliche_detail(request: HttpRequest, pk: int) -> HttpResponse:
    jugendliche = selectors.jugendliche_get_for(user=request.user, pk=pk)
    audit_read(actor=acting(request), obj=jugendliche)
    # after the move-out the facility sees all of this as it was on the move-out day
    einwilligungen = selectors.einwilligung_list_for(user=request.user, jugendliche=jugendliche)
    context: dict[str, Any] = {
        "jugendliche": jugendliche,
        "alter": jugendliche.alter(),
        "editable": can_edit_jugendliche(request.user, jugendliche),
        "einwilligungen": einwilligungen,
        "fehlend": missing_scopes(jugendliche, einwilligungen, scopes_for(jugendliche)),
        "anfragen": selectors.anfrage_list_for_jugendliche(
            user=request.user, jugendliche=jugendliche
        ),
        "hilfeplangespraeche": selectors.hilfeplangespraech_list_for(
            user=request.user, jugendliche=jugendliche
        ),
        "eltern": list(jugendliche.eltern.all()) if jugendliche.is_familie else [],
        "kinder": list(jugendliche.kinder.all()) if jugendliche.is_familie else [],
    }
    context["offene_anfrage"] = next((a for a in context["anfragen"] if a.is_open), None)
    return render(request, "einrichtungen/jugendliche_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@require_staff_area
def jugendliche_update(request: HttpRequest, pk: int) -> HttpResponse:
    jugendliche = _editable(request, pk)
    form = forms.JugendlicheForm(request.POST or None, instance=jugendliche)
    if request.method == "POST" and form.is_valid():
        return _save(
            request,
            form,
            jugendliche,
            lambda: services.jugendliche_update(
                acting_user=acting(request), jugendliche=jugendliche, **form.service_data()
            ),
            _("The changes have been saved."),
            _("Edit young person"),
            "",
        )
    return _form_page(request, form, jugendliche, _("Edit young person"), "")


@require_http_methods(["GET", "POST"])
@login_required
@require_staff_area
def jugendliche_auszug(request: HttpRequest, pk: int) -> HttpResponse:
    jugendliche = _editable(request, pk)
    form = forms.AuszugForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _save(
            request,
            form,
            jugendliche,
            lambda: services.jugendliche_auszug(
                acting_user=acting(request), jugendliche=jugendliche, **form.cleaned_data
            ),
            _("The move-out has been recorded."),
            _("Record move-out"),
            "auszug",
        )
    return _form_page(request, form, jugendliche, _("Record move-out"), "auszug")


@require_http_methods(["GET", "POST"])
@login_required
@require_staff_area
def einwilligung_create(request: HttpRequest, pk: int) -> HttpResponse:
    jugendliche = _editable(request, pk)
    form = forms.EinwilligungForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _save(
            request,
            form,
            jugendliche,
            lambda: services.einwilligung_create(
                acting_user=acting(request), jugendliche=jugendliche, **form.cleaned_data
            ),
            _("The consent has been recorded."),
            _("Record consent"),
            "einwilligung",
        )
    return _form_page(request, form, jugendliche, _("Record consent"), "einwilligung")


@require_POST
@login_required
@require_staff_area
def einwilligung_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    einwilligung = selectors.einwilligung_get_for(user=request.user, pk=pk)
    jugendliche = _editable(request, einwilligung.jugendliche_id)
    try:
        services.einwilligung_revoke(acting_user=acting(request), einwilligung=einwilligung)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The consent has been revoked. It no longer applies."))
    return redirect("einrichtungen:jugendliche_detail", pk=jugendliche.pk)


@require_http_methods(["GET", "POST"])
@login_required
@require_staff_area
def anfrage_create(request: HttpRequest, pk: int) -> HttpResponse:
    jugendliche = _editable(request, pk)
    form = forms.AnfrageForm(request.POST or None, jugendliche=jugendliche)
    if request.method == "POST" and form.is_valid():
        return _save(
            request,
            form,
            jugendliche,
            lambda: services.anfrage_create(
                acting_user=acting(request), jugendliche=jugendliche, **form.cleaned_data
            ),
            _("The request for a mentor has been sent to the coordination."),
            _("Request a mentor"),
            "anfrage",
        )
    return _form_page(request, form, jugendliche, _("Request a mentor"), "anfrage")


@require_POST
@login_required
@require_staff_area
def anfrage_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    anfrage = selectors.anfrage_list_for(user=request.user).filter(pk=pk).first()
    if anfrage is None:
        raise Http404
    try:
        services.anfrage_status_set(
            acting_user=acting(request), anfrage=anfrage, status=Anfrage.Status.ZURUECKGEZOGEN
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The request has been withdrawn."))
    return redirect("einrichtungen:jugendliche_detail", pk=anfrage.jugendliche_id)


@require_GET
@login_required
@require_staff_area
def anfrage_list(request: HttpRequest) -> HttpResponse:
    anfragen = selectors.anfrage_list_for(user=request.user)
    return render(request, "einrichtungen/anfrage_list.html", {"anfragen": anfragen})


@require_http_methods(["GET", "POST"])
@login_required
@require_staff_area
def hilfeplangespraech_create(request: HttpRequest, pk: int) -> HttpResponse:
    jugendliche = _editable(request, pk)
    form = forms.HilfeplangespraechForm(request.POST or None)
    vermittlung = gespraech_art(jugendliche) == Programm.Gespraech.VERMITTLUNG
    title = (
        _("Record referral and review conversation")
        if vermittlung
        else _("Record help-plan conference")
    )
    if request.method == "POST" and form.is_valid():
        return _save(
            request,
            form,
            jugendliche,
            lambda: services.hilfeplangespraech_create(
                acting_user=acting(request), jugendliche=jugendliche, **form.cleaned_data
            ),
            _("The conversation has been recorded.")
            if vermittlung
            else _("The help-plan conference has been recorded."),
            title,
            "",
        )
    return _form_page(request, form, jugendliche, title, "")


@require_http_methods(["GET", "POST"])
@login_required
@require_staff_area
def hilfeplangespraech_update(request: HttpRequest, pk: int) -> HttpResponse:
    hpg = selectors.hilfeplangespraech_get_for(user=request.user, pk=pk)
    jugendliche = _editable(request, hpg.jugendliche_id)
    form = forms.HilfeplangespraechForm(request.POST or None, instance=hpg)
    title = (
        _("Edit referral and review conversation")
        if hpg.art == Programm.Gespraech.VERMITTLUNG
        else _("Edit help-plan conference")
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        return _save(
            request,
            form,
            jugendliche,
            lambda: services.hilfeplangespraech_update(
                acting_user=acting(request), hilfeplangespraech=hpg, **data
            ),
            _("The conversation has been saved."),
            title,
            "",
        )
    return _form_page(request, form, jugendliche, title, "")


@require_GET
@login_required
@require_staff_area
def hilfeplangespraech_detail(request: HttpRequest, pk: int) -> HttpResponse:
    hpg = selectors.hilfeplangespraech_get_for(user=request.user, pk=pk)
    audit_read(actor=acting(request), obj=hpg)
    context = {"hpg": hpg, "editable": can_edit_jugendliche(request.user, hpg.jugendliche)}
    return render(request, "einrichtungen/hilfeplangespraech_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@require_staff_area
def team(request: HttpRequest, pk: int) -> HttpResponse:
    einrichtung = einrichtungen_for_staff(request.user).filter(pk=pk).first()
    if einrichtung is None:
        raise Http404
    may_invite = can_invite_staff(request.user, einrichtung)
    form = forms.StaffInviteForm(request.POST or None)
    if request.method == "POST":
        if not may_invite:
            raise PermissionDenied(_("Only the facility's lead can invite staff."))
        if form.is_valid():
            try:
                services.einrichtung_staff_invite(
                    acting_user=acting(request), einrichtung=einrichtung, **form.cleaned_data
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("The invitation has been sent."))
                return redirect("einrichtungen:team", pk=einrichtung.pk)
    context = {
        "einrichtung": einrichtung,
        "staff": selectors.einrichtung_staff_list(einrichtung=einrichtung),
        "form": form if may_invite else None,
    }
    return render(request, "einrichtungen/team.html", context)


def _save(
    request: HttpRequest,
    form: BaseForm,
    jugendliche: Jugendliche,
    write: Callable[[], object],
    success: str,
    title: str,
    kind: str,
) -> HttpResponse:
    try:
        write()
    except ValidationError as exc:
        _apply_errors(form, exc)
        return _form_page(request, form, jugendliche, title, kind)
    messages.success(request, success)
    return redirect("einrichtungen:jugendliche_detail", pk=jugendliche.pk)


def _form_page(
    request: HttpRequest, form: BaseForm, jugendliche: Jugendliche, title: str, kind: str
) -> HttpResponse:
    context = {"form": form, "jugendliche": jugendliche, "title": title, "kind": kind}
    if kind == "anfrage":
        context["fehlend"] = missing_scopes(
            jugendliche, jugendliche.einwilligungen.all(), scopes_for(jugendliche)
        )
    return render(request, "einrichtungen/form_page.html", context, status=_status(form))


def _status(form: BaseForm) -> int:
    return 400 if form.is_bound and form.errors else 200
