"""The staff area's pages for the members of a family in early help: parents and further
children (docs/families.md). Same rules as the record's other pages: only who may change the
family's record, and only for a family (a young person's record has no members: 404)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from einrichtungen import forms, services
from einrichtungen.models import Jugendliche
from einrichtungen.permissions import acting, require_staff_area
from einrichtungen.views import _editable, _form_page, _save


def _family(request: HttpRequest, pk: int) -> Jugendliche:
    """A family's record the user may write; a young person's record has no members (404)."""
    familie = _editable(request, pk)
    if not familie.is_familie:
        raise Http404
    return familie


@require_http_methods(["GET", "POST"])
@login_required
@require_staff_area
def elternteil_create(request: HttpRequest, pk: int) -> HttpResponse:
    familie = _family(request, pk)
    form = forms.ElternteilForm(request.POST or None)
    title = _("Add a parent")
    if request.method == "POST" and form.is_valid():
        return _save(
            request,
            form,
            familie,
            lambda: services.elternteil_create(
                acting_user=acting(request), familie=familie, **form.cleaned_data
            ),
            _("The parent has been added."),
            title,
            "",
        )
    return _form_page(request, form, familie, title, "")


@require_http_methods(["GET", "POST"])
@login_required
@require_staff_area
def kind_create(request: HttpRequest, pk: int) -> HttpResponse:
    familie = _family(request, pk)
    form = forms.KindForm(request.POST or None)
    title = _("Add a child")
    if request.method == "POST" and form.is_valid():
        return _save(
            request,
            form,
            familie,
            lambda: services.kind_create(
                acting_user=acting(request), familie=familie, **form.cleaned_data
            ),
            _("The child has been added."),
            title,
            "",
        )
    return _form_page(request, form, familie, title, "")
