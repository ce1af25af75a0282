"""The data-subject download (GDPR Art. 15, 20) as a response: JSON or PDF, never cached.

Who may ask is checked by the calling view (the volunteer in the portal, a coordinator of the
person's region in the admin); this module only answers. Each download is audited without any
of the data (the format and the kind of subject only).
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from wegbegleitung import erasure_request_views, personal_data
from wegbegleitung.models import User, Wegbegleiter
from wegbegleitung.permissions import can_manage_wegbegleiter, is_own_wegbegleiter
from wegbegleitung.personal_data import Kind, Subject
from wegbegleitung.portal_sections import PortalSection
from wegbegleitung.request_types import AuthenticatedHttpRequest
from wegbegleitung.services.audit import audit_log
from wegbegleitung.services.erasure import erasure_carry_out, erasure_plan
from wegbegleitung.services.volunteer_exit import running_match_count

FORMATS = ("json", "pdf")


def download(
    *,
    actor: User,
    subject: Subject,
    fmt: str,
    name: str,
    obj: object,
    omit: frozenset[str] = frozenset(),
) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    report = personal_data.collect(subject, omit=omit)
    audit_log(
        actor=actor, action="personal_data.download", obj=obj,  # type: ignore[arg-type]
        details={"format": fmt, "kind": str(subject.kind)},
    )  # fmt: skip
    filename = f"daten-{subject.kind}-{subject.pk}.{fmt}"
    if fmt == "json":
        body = json.dumps(
            personal_data.as_json(report), ensure_ascii=False, indent=2, cls=DjangoJSONEncoder
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(
            personal_data.render_pdf(report, name=name), content_type="application/pdf"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response


def _own(request: HttpRequest) -> Wegbegleiter:
    if not request.user.is_authenticated:
        raise PermissionDenied
    found = Wegbegleiter.objects.select_related("user").filter(user=request.user.pk).first()
    if found is None or not is_own_wegbegleiter(request.user, found):
        raise PermissionDenied
    return found


@never_cache
@login_required
def portal_page(request: HttpRequest) -> HttpResponse:
    wegbegleiter = _own(request)
    latest = erasure_request_views.latest_request(_subject(wegbegleiter))
    return render(request, "portal/my_data.html", {
        "wegbegleiter": wegbegleiter, "erasure_request": latest,
        "withdraw_url": reverse("portal:erasure_request_withdraw"),
    })  # fmt: skip


def _subject(wegbegleiter: Wegbegleiter) -> Subject:
    return Subject(Kind.WEGBEGLEITER, wegbegleiter.pk)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def portal_erasure_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The volunteer asks the coordination of their region to erase their data."""
    wegbegleiter = _own(request)
    if wegbegleiter.region_id is None:
        raise PermissionDenied(_("Please choose your region in your application first."))
    asking = erasure_request_views.Asking(
        subject=_subject(wegbegleiter), region_id=wegbegleiter.region_id,
        running_match=running_match_count(wegbegleiter) > 0, back="portal:my_data",
        withdraw="portal:erasure_request_withdraw",
    )  # fmt: skip
    return erasure_request_views.request_page(request, asking)


@login_required
@require_POST
def portal_erasure_withdraw(request: AuthenticatedHttpRequest) -> HttpResponse:
    wegbegleiter = _own(request)
    return erasure_request_views.withdraw(request, _subject(wegbegleiter), back="portal:my_data")


@never_cache
@login_required
def portal_download(request: HttpRequest, fmt: str) -> HttpResponse:
    wegbegleiter = _own(request)
    assert isinstance(request.user, User)
    return download(
        actor=request.user, subject=Subject(Kind.WEGBEGLEITER, wegbegleiter.pk), fmt=fmt,
        name=wegbegleiter.user.get_full_name() or wegbegleiter.user.email, obj=wegbegleiter,
    )  # fmt: skip


@never_cache
def admin_download_wegbegleiter(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """A coordinator of the volunteer's region answers a request made to the association."""
    wegbegleiter = get_object_or_404(Wegbegleiter.objects.select_related("user"), pk=pk)
    if not isinstance(request.user, User) or not request.user.is_staff:
        raise PermissionDenied
    if not can_manage_wegbegleiter(request.user, wegbegleiter):
        raise PermissionDenied(_("Only a coordinator of the volunteer's region may do this."))
    return download(
        actor=request.user, subject=Subject(Kind.WEGBEGLEITER, wegbegleiter.pk), fmt=fmt,
        name=wegbegleiter.user.get_full_name() or wegbegleiter.user.email, obj=wegbegleiter,
    )  # fmt: skip


def erasure_page(
    request: HttpRequest, *, subject: Subject, name: str, back_url: str, context: dict[str, object]
) -> HttpResponse:
    """The coordinator's erasure page: the plan, then one confirmed POST that carries it out.
    The caller has checked that the user may act for this person."""
    assert isinstance(request.user, User)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            error = _("Please confirm that the request has been checked.")
        else:
            try:
                result = erasure_carry_out(
                    acting_user=request.user, subject=subject,
                    reason=request.POST.get("reason", "")[:2000],
                )  # fmt: skip
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(request, _ERASED if result.done else _WAITS)
                return redirect(back_url)
    steps = erasure_plan(subject)
    return render(request, "admin/wegbegleitung/erasure.html", {
        **context, "subject": subject, "name": name, "steps": steps, "error": error,
        "back_url": back_url, "title": _("Erase the data of %(name)s") % {"name": name},
    })  # fmt: skip


_ERASED = gettext_lazy("The data has been erased as shown.")
_WAITS = gettext_lazy(
    "A match still runs: it is now “ending requested”. The erasure is carried out "
    "automatically once you have closed the match with a farewell."
)


def my_data_section(wegbegleiter: Wegbegleiter, day: object) -> PortalSection:
    """The portal start's link to the volunteer's own data (``wegbegleitung.portal_sections``)."""
    return PortalSection(key="my_data", order=900, nav=(_lazy_my_data, reverse("portal:my_data")))


_lazy_my_data = gettext_lazy("Your data")


def admin_links(download_url: str, erasure_url: str) -> str:
    """The links a coordinator finds on a person's page in the admin."""
    return format_html(
        '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
        download_url.replace("/json/", "/pdf/"), _("Download their data (PDF)"),
        download_url, _("as JSON"), erasure_url, _("Erase on request"),
    )  # fmt: skip
