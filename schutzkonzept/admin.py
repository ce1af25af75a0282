"""Admin pages for coordinators and child-protection leads; every write goes through a service."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from schutzkonzept.clearance import (
    annotate_clearance,
    certificate_ending_days,
    certificate_ending_within,
    certificate_expiring_soon,
    certificate_to_inspect,
    clearance_for,
    code_not_signed,
)
from schutzkonzept.models import (
    Antragsbestaetigung,
    Freigabe,
    FreigabeVerlust,
    Fuehrungszeugnis,
    Meldung,
    Schutzschulung,
    Unterzeichnung,
    Verhaltenskodex,
    VerweigerterZugriff,
)
from schutzkonzept.permissions import can_view_concerns, can_view_refused_concern_access
from schutzkonzept.selectors import meldung_detail_for, meldung_list_for, open_concerns
from schutzkonzept.services.certificates import (
    CONVICTION_NEXT_STEPS,
    antragsbestaetigung_create,
    fuehrungszeugnis_record,
    schutzschulung_record,
    validate_certificate_dates,
    validate_newest_inspection,
)
from schutzkonzept.services.concern_access import meldung_access_refused, refused_in_regions_q
from schutzkonzept.services.conduct import (
    verhaltenskodex_create,
    verhaltenskodex_publish,
    verhaltenskodex_update,
)
from wegbegleitung.admin_scoping import RegionScopedAdmin
from wegbegleitung.permissions import region_ids_for
from wegbegleitung.request_types import acting_user


class _AddOnlyAdmin(RegionScopedAdmin):
    region_lookup = "wegbegleiter__region"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class FuehrungszeugnisForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Fuehrungszeugnis
        fields = ["wegbegleiter", "inspected_on", "issued_on", "relevant_conviction"]
        help_texts = {
            "issued_on": _("Only the date of issue is recorded: never a copy or the contents."),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("issued_on") and data.get("inspected_on"):
            try:
                validate_certificate_dates(
                    issued_on=data["issued_on"], inspected_on=data["inspected_on"]
                )
                if data.get("wegbegleiter"):
                    validate_newest_inspection(
                        wegbegleiter=data["wegbegleiter"], inspected_on=data["inspected_on"]
                    )
            except ValidationError as exc:
                self.add_error(None, exc)
        return data


@admin.register(Fuehrungszeugnis)
class FuehrungszeugnisAdmin(_AddOnlyAdmin):
    form = FuehrungszeugnisForm
    list_display = [
        "wegbegleiter",
        "art",
        "inspected_on",
        "issued_on",
        "relevant_conviction",
        "inspected_by",
    ]
    list_filter = ["art", "relevant_conviction"]
    list_select_related = ["wegbegleiter__user", "inspected_by"]
    search_fields = ["wegbegleiter__user__last_name", "wegbegleiter__user__email"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {
            "inspected_on": timezone.localdate(),
            **super().get_changeform_initial_data(request),
        }

    def save_model(
        self, request: HttpRequest, obj: Fuehrungszeugnis, form: Any, change: bool
    ) -> None:
        created = fuehrungszeugnis_record(
            acting_user=request.user,  # type: ignore[arg-type]
            wegbegleiter=obj.wegbegleiter,
            issued_on=obj.issued_on,
            inspected_on=obj.inspected_on,
            relevant_conviction=obj.relevant_conviction,
        )
        obj.pk = created.pk
        if created.relevant_conviction:
            messages.warning(
                request,
                _("A relevant conviction is listed. What to do next: %(steps)s")
                % {"steps": " ".join(str(step) for step in CONVICTION_NEXT_STEPS)},
            )


@admin.register(Schutzschulung)
class SchutzschulungAdmin(_AddOnlyAdmin):
    fields = ["wegbegleiter", "attended_on", "title"]
    list_display = ["wegbegleiter", "attended_on", "title", "recorded_by"]
    list_select_related = ["wegbegleiter__user", "recorded_by"]
    search_fields = ["wegbegleiter__user__last_name", "wegbegleiter__user__email"]

    def save_model(
        self, request: HttpRequest, obj: Schutzschulung, form: Any, change: bool
    ) -> None:
        created = schutzschulung_record(
            acting_user=request.user,  # type: ignore[arg-type]
            wegbegleiter=obj.wegbegleiter,
            attended_on=obj.attended_on,
            title=obj.title,
        )
        obj.pk = created.pk


@admin.register(Antragsbestaetigung)
class AntragsbestaetigungAdmin(_AddOnlyAdmin):
    fields = ["wegbegleiter"]
    list_display = ["wegbegleiter", "country", "created_at", "requested_by", "download"]
    list_select_related = ["wegbegleiter__user", "requested_by"]

    @admin.display(description=_("PDF"))
    def download(self, obj: Antragsbestaetigung) -> str:
        if not obj.pdf:
            return str(_("being prepared"))
        url = reverse("schutzkonzept:bestaetigung_pdf", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    def save_model(
        self, request: HttpRequest, obj: Antragsbestaetigung, form: Any, change: bool
    ) -> None:
        user: Any = request.user
        created = antragsbestaetigung_create(acting_user=user, wegbegleiter=obj.wegbegleiter)
        obj.pk = created.pk


@admin.register(Unterzeichnung)
class UnterzeichnungAdmin(_AddOnlyAdmin):
    list_display = ["wegbegleiter", "verhaltenskodex", "signed_at", "download"]
    list_select_related = ["wegbegleiter__user", "verhaltenskodex"]
    readonly_fields = ["wegbegleiter", "verhaltenskodex", "signed_at", "typed_name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # volunteers sign in the portal

    @admin.display(description=_("PDF"))
    def download(self, obj: Unterzeichnung) -> str:
        if not obj.pdf:
            return str(_("being prepared"))
        url = reverse("schutzkonzept:unterzeichnung_pdf", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))


@admin.register(Verhaltenskodex)
class VerhaltenskodexAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["version", "title", "published_at"]
    fields = ["version", "title", "text", "published_at"]
    readonly_fields = ["version", "published_at"]
    actions = ["publish"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # a published version is frozen: people signed exactly this text
        frozen = obj is not None and obj.published_at is not None
        return not frozen and super().has_change_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: Verhaltenskodex, form: Any, change: bool
    ) -> None:
        user: Any = request.user
        if change:
            verhaltenskodex_update(acting_user=user, kodex=obj, title=obj.title, text=obj.text)
            return
        created = verhaltenskodex_create(acting_user=user, title=obj.title, text=obj.text)
        obj.pk, obj.version = created.pk, created.version

    @admin.action(
        description=_("Publish (every active volunteer is asked to sign)"), permissions=["change"]
    )
    def publish(self, request: HttpRequest, queryset: QuerySet[Verhaltenskodex]) -> None:
        for kodex in queryset.order_by("version"):
            try:
                verhaltenskodex_publish(acting_user=request.user, kodex=kodex)  # type: ignore[arg-type]
            except ValidationError as exc:
                messages.error(request, f"{kodex}: {' '.join(exc.messages)}")
            else:
                messages.success(request, _("Published: %(kodex)s") % {"kodex": kodex})


class ClearanceFilter(admin.SimpleListFilter):
    """Cleared or not, and whose certificate must be renewed soon (re-inspection is due)."""

    title = _("clearance")
    parameter_name = "freigabe"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("ja", _("cleared")),
            ("nein", _("not cleared")),
            ("bald", _("certificate expires within 3 months")),
            (
                "endet",
                _("certificate ends within %(days)d days") % {"days": certificate_ending_days()},
            ),
            ("zeugnis_fehlt", _("certificate to inspect")),
            ("kodex", _("code of conduct not signed")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "ja":
            return queryset.filter(Q(is_cleared=True))
        if self.value() == "nein":
            return queryset.filter(Q(is_cleared=False))
        rules: dict[str, Callable[[QuerySet[Any]], QuerySet[Any]]] = {
            "bald": certificate_expiring_soon,
            "endet": certificate_ending_within,
            "zeugnis_fehlt": certificate_to_inspect,
            "kodex": code_not_signed,
        }
        rule = rules.get(self.value() or "")
        return rule(queryset) if rule else queryset


@admin.register(Freigabe)
class FreigabeAdmin(RegionScopedAdmin):
    """Who is cleared, and what is missing; one query for the whole list."""

    list_display = ["__str__", "region", "status", "cleared", "missing", "valid_until"]
    list_filter = [ClearanceFilter, "status", "region"]
    list_select_related = ["user", "region"]
    search_fields = ["user__last_name", "user__email"]
    fields = ["user", "region", "status", "cleared", "missing", "valid_until"]
    readonly_fields = ["user", "region", "status", "cleared", "missing", "valid_until"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return annotate_clearance(super().get_queryset(request))

    @admin.display(description=_("cleared"), boolean=True, ordering="is_cleared")
    def cleared(self, obj: Any) -> bool:
        return bool(obj.is_cleared)

    @admin.display(description=_("missing"))
    def missing(self, obj: Any) -> str:
        return "; ".join(clearance_for(obj).missing) or "–"

    @admin.display(description=_("certificate valid up to and including"))
    def valid_until(self, obj: Any) -> Any:
        day = clearance_for(obj).certificate_last_valid_day
        return date_format(day, "SHORT_DATE_FORMAT") if day else "–"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(FreigabeVerlust)
class FreigabeVerlustAdmin(_AddOnlyAdmin):
    list_display = ["wegbegleiter", "detected_on", "notified_at", "resolved_on"]
    list_filter = [("resolved_on", admin.EmptyFieldListFilter)]
    list_select_related = ["wegbegleiter__user"]
    readonly_fields = ["wegbegleiter", "detected_on", "notified_at", "resolved_on"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class OpenConcernFilter(admin.SimpleListFilter):
    """Concerns not closed yet: what the child-protection lead still works on."""

    title = _("open")
    parameter_name = "offen"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("ja", _("not closed yet"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return open_concerns(queryset) if self.value() == "ja" else queryset


@admin.register(Meldung)
class MeldungAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Listed for the child-protection role only; opening one goes to the audited workflow page."""

    list_display = ["__str__", "kanal", "status", "region", "received_at"]
    list_filter = [OpenConcernFilter, "status", "kanal"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Meldung]:
        return meldung_list_for(user=request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_view_concerns(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_view_concerns(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        """Every page of this admin first passes the guard below (list, change, history, delete)."""
        urls = super().get_urls()
        for pattern in urls:
            name = (pattern.name or "").rsplit("_", 1)[-1] or "redirect"
            pattern.callback = self._guard(pattern.callback, name)
        return urls

    def _guard(self, view: Callable[..., HttpResponse], where: str) -> Callable[..., HttpResponse]:
        """403 with an audit event for anyone logged in who may not open it (before the admin's
        own login redirect, so staff and volunteers are refused and logged too)."""

        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            object_id = kwargs.get("object_id")
            if request.user.is_authenticated and not _may_open(request, object_id):
                meldung_access_refused(
                    acting_user=acting_user(request), where=f"admin_{where}", meldung_id=object_id
                )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        visible = object_id.isdigit() and self.get_queryset(request).filter(pk=object_id).exists()
        if not visible:  # the admin answers as for any object one may not see
            return super().change_view(request, object_id, form_url, extra_context)
        return HttpResponseRedirect(reverse("schutzkonzept:meldung_detail", args=[object_id]))


def _may_open(request: HttpRequest, object_id: str | None) -> bool:
    if not can_view_concerns(request.user):
        return False
    if object_id is None:
        return True
    return (
        object_id.isdigit() and meldung_detail_for(user=request.user, pk=int(object_id)) is not None
    )


@admin.register(VerweigerterZugriff)
class VerweigerterZugriffAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """For the child-protection leads: who tried to open a concern without the role, and when."""

    list_display = ["at", "actor_label", "object_id", "where"]
    list_filter = [("at", admin.DateFieldListFilter)]
    search_fields = ["actor_label", "object_id"]
    date_hierarchy = "at"
    readonly_fields = ["at", "actor_label", "object_id", "where", "request_id"]
    fields = ["at", "actor_label", "object_id", "where", "request_id"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[VerweigerterZugriff]:
        user = request.user
        regions = None if user.is_superuser else region_ids_for(user)
        return super().get_queryset(request).filter(refused_in_regions_q(regions))

    @admin.display(description=_("page"))
    def where(self, obj: VerweigerterZugriff) -> str:
        return str(obj.details.get("where", ""))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_view_refused_concern_access(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_view_refused_concern_access(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
