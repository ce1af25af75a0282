from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from wegbegleitung import personal_data_views
from wegbegleitung.admin_big_lists import BigListAdminMixin, big_list, distinct_values
from wegbegleitung.audit_labels import audit_action_label
from wegbegleitung.models import AuditEvent, Einladung, Region, User
from wegbegleitung.permissions import can_answer_for_account, region_ids_for
from wegbegleitung.personal_data import Kind as SubjectKind
from wegbegleitung.personal_data import Subject
from wegbegleitung.request_types import acting_user
from wegbegleitung.roles import Role
from wegbegleitung.selectors import audit_events_for
from wegbegleitung.services.invitations import einladung_create

admin.site.site_header = _("Wegbegleitung – administration")
admin.site.site_title = _("Wegbegleitung")
admin.site.index_title = _("Coordination")


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    """Accounts as such are the superuser's business; coordinators work with the role records."""

    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Name"), {"fields": ("first_name", "last_name")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined", "personal_data"]

    @admin.display(description=_("data protection"))
    def personal_data(self, obj: User) -> str:
        if obj.pk is None:
            return ""
        return personal_data_views.admin_links(
            reverse("admin:wegbegleitung_user_personal_data", args=[obj.pk, "json"]),
            reverse("admin:wegbegleitung_user_erasure", args=[obj.pk]),
        )

    def get_urls(self) -> list[URLPattern]:
        """GDPR Art. 15/17/20 for staff and coordinators, answered by a coordinator of their
        region (``can_answer_for_account``); coordinators reach these pages without the rest
        of the accounts' admin."""
        own = [
            path("<int:pk>/daten/<slug:fmt>/", self.admin_site.admin_view(self.personal_data_view),
                 name="wegbegleitung_user_personal_data"),
            path("<int:pk>/loeschen/", self.admin_site.admin_view(self.erasure_view),
                 name="wegbegleitung_user_erasure"),
        ]  # fmt: skip
        return own + super().get_urls()

    def _account(self, request: HttpRequest, pk: int) -> User:
        account = get_object_or_404(User, pk=pk)
        if not can_answer_for_account(request.user, account):
            raise PermissionDenied
        return account

    def personal_data_view(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        account = self._account(request, pk)
        return personal_data_views.download(
            actor=acting_user(request), subject=Subject(SubjectKind.NUTZER, pk), fmt=fmt,
            name=str(account), obj=account,
        )  # fmt: skip

    def erasure_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        account = self._account(request, pk)
        data = "admin:wegbegleitung_user_personal_data"
        return personal_data_views.erasure_page(
            request, subject=Subject(SubjectKind.NUTZER, pk), name=str(account),
            back_url=reverse("admin:index"),
            context={**self.admin_site.each_context(request), "opts": self.opts,
                     "download_pdf": reverse(data, args=[pk, "pdf"]),
                     "download_json": reverse(data, args=[pk, "json"])},
        )  # fmt: skip


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "country"]
    list_filter = ["country"]
    filter_horizontal = ["coordinators"]

    def get_queryset(self, request: HttpRequest) -> Any:
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(pk__in=region_ids_for(request.user))


class AuditActionFilter(admin.SimpleListFilter):
    """The actions that occurred, by their German label rather than their code."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        # one index step per action, not a scan of the whole trail (admin_big_lists)
        actions = distinct_values(model_admin.get_queryset(request), "action")
        return sorted(((a, audit_action_label(a)) for a in actions), key=lambda item: item[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> Any:
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(BigListAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """Read only, for everyone: the trail cannot be edited or deleted through any page."""

    list_display = ["at", "actor_label", "action_label", "content_type", "object_id", "request_id"]
    list_filter = [AuditActionFilter, "content_type", ("at", admin.DateFieldListFilter)]
    search_fields = ["actor_label", "action", "object_id", "request_id"]
    date_hierarchy = "at"
    list_select_related = ["content_type"]
    readonly_fields = ["at", "actor", "actor_label", "action_label", "content_type",
                       "object_id", "request_id", "details"]  # fmt: skip
    fields = ["at", "actor", "actor_label", "action_label", "content_type", "object_id",
              "request_id", "details"]  # fmt: skip

    @admin.display(description=_("action"), ordering="action")
    def action_label(self, obj: AuditEvent) -> str:
        return audit_action_label(obj.action)

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        # the list, each event's page and its export: only the trail of one's own regions
        # as a big list (estimated count, date hierarchy by index steps), the scope its base
        scoped = audit_events_for(user=acting_user(request)).select_related("content_type")
        return big_list(scoped)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Einladung)
class EinladungAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "email",
        "role",
        "region",
        "einrichtung",
        "created_at",
        "expires_at",
        "sent_at",
        "accepted_at",
    ]
    list_filter = ["role", ("region", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["email"]
    list_select_related = ["region", "einrichtung"]
    fields = ["email", "role", "region", "einrichtung"]

    def get_queryset(self, request: HttpRequest) -> Any:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        ids = region_ids_for(request.user)
        return qs.filter(region__in=ids) | qs.filter(einrichtung__region__in=ids)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "role":  # young people are invited from their record (forschung)
            kwargs["choices"] = [c for c in Role.choices if c[0] != Role.JUGENDLICHE]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if not request.user.is_superuser and field is not None and field.queryset is not None:
            ids = region_ids_for(request.user)
            lookup = "pk__in" if db_field.name == "region" else "region__in"
            field.queryset = field.queryset.filter(**{lookup: ids})
        return field

    def save_model(self, request: HttpRequest, obj: Einladung, form: Any, change: bool) -> None:
        created = einladung_create(
            acting_user=acting_user(request),
            email=obj.email,
            role=obj.role,
            region=obj.region,
            einrichtung=obj.einrichtung,
        )
        obj.pk = created.pk


# The volunteers' pipeline, screening records, training and supervision; the notification log.
from wegbegleitung import (  # noqa: E402, F401
    admin_erasure_requests,
    admin_notifications,
    admin_outbox,
    admin_path,
    admin_programmes,
)
