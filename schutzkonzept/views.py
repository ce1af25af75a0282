"""Portal pages of the safeguarding app, the concern forms and the child-protection workspace."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from einrichtungen.permissions import einrichtungen_for
from schutzkonzept import suspension
from schutzkonzept.clearance import clearance_for, clearances_by_programme
from schutzkonzept.forms import ConcernForm, SignForm, StepForm, YouthConcernForm
from schutzkonzept.models import Antragsbestaetigung, Unterzeichnung
from schutzkonzept.pdf import private_path
from schutzkonzept.permissions import (
    can_change_concern,
    can_download_letter,
    can_download_signature,
    can_report_concern,
    can_request_letter,
    can_view_concerns,
)
from schutzkonzept.ratelimit import allow_anonymous_report
from schutzkonzept.selectors import (
    antragsbestaetigung_get,
    antragsbestaetigung_list_for,
    meldung_detail_for,
    meldung_list_for,
    own_wegbegleiter,
    unterzeichnung_get,
    unterzeichnung_list_for,
)
from schutzkonzept.services.certificates import antragsbestaetigung_create
from schutzkonzept.services.concern_access import meldung_access_refused
from schutzkonzept.services.concerns import meldung_open, meldung_record_step, meldung_report
from schutzkonzept.services.conduct import current_verhaltenskodex, verhaltenskodex_sign
from wegbegleitung.models import User, Wegbegleiter
from wegbegleitung.services.audit import audit_read


def _wegbegleiter_or_404(request: HttpRequest) -> Wegbegleiter:
    wegbegleiter = own_wegbegleiter(user=request.user)
    if wegbegleiter is None:
        raise Http404
    return wegbegleiter


def _acting(request: HttpRequest) -> User:
    """The logged-in user (the views that write are behind login_required)."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "403.html", status=403)


@login_required
def uebersicht(request: HttpRequest) -> HttpResponse:
    wegbegleiter = _wegbegleiter_or_404(request)
    per_programme = clearances_by_programme(wegbegleiter)
    context = {
        "wegbegleiter": wegbegleiter,
        "clearance": clearance_for(wegbegleiter),
        # with several programmes each one's own steps (docs/programmes.md)
        "per_programme": per_programme if len(per_programme) > 1 else [],
        "kodex": current_verhaltenskodex(),
        "signatures": unterzeichnung_list_for(wegbegleiter=wegbegleiter),
        "letters": antragsbestaetigung_list_for(wegbegleiter=wegbegleiter),
        "may_request_letter": can_request_letter(request.user, wegbegleiter),
    }
    return render(request, "schutzkonzept/uebersicht.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def verhaltenskodex(request: HttpRequest) -> HttpResponse:
    wegbegleiter = _wegbegleiter_or_404(request)
    kodex = current_verhaltenskodex()
    signed = (
        kodex is not None
        and unterzeichnung_list_for(wegbegleiter=wegbegleiter)
        .filter(verhaltenskodex=kodex)
        .exists()
    )
    form = SignForm(request.POST or None)
    if request.method == "POST" and kodex is not None and form.is_valid():
        try:
            verhaltenskodex_sign(
                acting_user=_acting(request),
                wegbegleiter=wegbegleiter,
                kodex=kodex,
                typed_name=form.cleaned_data["typed_name"],
                confirmed=form.cleaned_data["confirmed"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Thank you. Your signature has been recorded."))
            return redirect("schutzkonzept:uebersicht")
    return render(
        request,
        "schutzkonzept/verhaltenskodex.html",
        {"kodex": kodex, "signed": signed, "form": form},
    )


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
@require_POST
def bestaetigung_request(request: HttpRequest) -> HttpResponse:
    wegbegleiter = _wegbegleiter_or_404(request)
    try:
        antragsbestaetigung_create(acting_user=_acting(request), wegbegleiter=wegbegleiter)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(
            request, _("Your confirmation letter is being prepared. Reload this page in a moment.")
        )
    return redirect("schutzkonzept:uebersicht")


def _stream_pdf(
    request: HttpRequest, obj: Antragsbestaetigung | Unterzeichnung, filename: str
) -> HttpResponse | FileResponse:
    if not obj.pdf:
        return render(request, "schutzkonzept/pdf_pending.html", status=404)
    audit_read(actor=_acting(request), obj=obj, what="download")
    path = private_path(obj.pdf)
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def bestaetigung_pdf(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    letter = antragsbestaetigung_get(pk=pk)
    if letter is None or not can_download_letter(request.user, letter):
        raise Http404
    return _stream_pdf(request, letter, f"bestaetigung-{letter.pk}.pdf")


@login_required
def unterzeichnung_pdf(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    unterzeichnung = unterzeichnung_get(pk=pk)
    if unterzeichnung is None or not can_download_signature(request.user, unterzeichnung):
        raise Http404
    return _stream_pdf(request, unterzeichnung, f"verhaltenskodex-{unterzeichnung.pk}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def meldung_new(request: HttpRequest) -> HttpResponse:
    if not can_report_concern(request.user):
        return _forbidden(request)
    form = ConcernForm(request.POST or None, einrichtungen=einrichtungen_for(request.user))
    if request.method == "POST" and form.is_valid():
        meldung_report(
            acting_user=_acting(request),
            description=form.cleaned_data["description"],
            concerns_whom=form.cleaned_data["concerns_whom"],
            einrichtung=form.cleaned_data.get("einrichtung"),
        )
        return render(request, "schutzkonzept/meldung_danke.html")
    return render(request, "schutzkonzept/meldung_neu.html", {"form": form})


@require_http_methods(["GET", "POST"])
def jugend_meldung(request: HttpRequest) -> HttpResponse:
    """The young people's channel: no login, plain language, rate-limited, with a trap field."""
    form = YouthConcernForm(request.POST or None)
    if request.method == "POST":
        if not allow_anonymous_report(request):
            return render(request, "schutzkonzept/jugend_meldung_limit.html", status=429)
        if form.is_valid():
            if not form.cleaned_data["website"]:  # robots fill the trap: pretend, store nothing
                meldung_report(
                    acting_user=None,
                    description=form.cleaned_data["description"],
                    contact=form.cleaned_data["contact"],
                )
            return render(request, "schutzkonzept/jugend_meldung_danke.html")
    return render(request, "schutzkonzept/jugend_meldung.html", {"form": form})


def _concern_refused(request: HttpRequest, where: str, pk: int | None = None) -> HttpResponse:
    """403 and an audit event: leads see who tried to open a concern (concern_access)."""
    meldung_access_refused(acting_user=_acting(request), where=where, meldung_id=pk)
    return _forbidden(request)


@login_required
def meldung_list(request: HttpRequest) -> HttpResponse:
    if not can_view_concerns(request.user):
        return _concern_refused(request, "list")
    return render(
        request,
        "schutzkonzept/meldung_list.html",
        {"meldungen": meldung_list_for(user=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meldung_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meldung = meldung_detail_for(user=request.user, pk=pk)
    if meldung is None:
        return _concern_refused(request, "detail", pk)
    kandidaten = suspension.candidates(meldung=meldung, user=_acting(request))
    form = StepForm(
        request.POST or None, begleitungen=[(k.begleitung_id, k.label) for k in kandidaten]
    )
    if request.method == "POST" and form.is_valid():
        try:
            meldung_record_step(acting_user=_acting(request), meldung=meldung, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The step has been recorded."))
            return redirect("schutzkonzept:meldung_detail", pk=meldung.pk)
    meldung_open(acting_user=_acting(request), meldung=meldung)
    return render(
        request,
        "schutzkonzept/meldung_detail.html",
        {
            "meldung": meldung,
            "form": form,
            "may_change": can_change_concern(request.user, meldung),
            "aussetzungen": suspension.suspensions(meldung=meldung),
        },
    )
