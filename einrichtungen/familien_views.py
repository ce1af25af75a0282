"""The staff area's pages for the members of a family in early help: parents and further
children (docs/families.md). Same rules as the record's other pages: only who may change the
family's record, and only for a family (a young person's record has no members: 404)."""

from __future__ import annotations

from collections.abc import Callable

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


def _add_member(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.ElternteilForm] | type[forms.KindForm],
    create: Callable[..., object],
    title: str,
    done: str,
) -> HttpResponse:
    """The form for one member of the family, stored by ``create`` (a service)."""
    familie = _family(request, pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _save(
            request,
            form,
            familie,
            lambda: create(acting_user=acting(request), familie=familie, **form.cleaned_data),
            done,
            title,
            "",
        )
    return _form_page(request, form, familie, title, "")


@require_http_methods(["GET", "POST"])
@login_required
@require_staff_area
def elternteil_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_member(
        request, pk, forms.ElternteilForm, services.elternteil_create,
        _("Add a parent"), _("The parent has been added."),
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
@require_staff_area
def kind_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_member(
        request, pk, forms.KindForm, services.kind_create,
        _("Add a child"), _("The child has been added."),
    )  # fmt: skip
