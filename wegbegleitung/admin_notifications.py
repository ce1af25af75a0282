"""Coordinators see the notification log of their regions: what was mailed, what failed, retry."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wegbegleitung.admin_big_lists import BigListAdminMixin
from wegbegleitung.admin_scoping import RegionScopedAdmin
from wegbegleitung.models import Benachrichtigung
from wegbegleitung.notifications import registry
from wegbegleitung.notifications.delivery import benachrichtigungen_retry
from wegbegleitung.request_types import acting_user
from wegbegleitung.roles import Role

# Even that a concern was reported is for the child-protection leads only.
LEADS_ONLY_KINDS = ["concern_new"]


def _sees_leads_only(request: HttpRequest) -> bool:
    user = request.user
    return user.is_superuser or user.has_role(Role.KINDERSCHUTZ)  # type: ignore[union-attr]


class KindFilter(admin.SimpleListFilter):
    """The kinds of notification by their German label, not their registry key."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        hidden = set() if _sees_leads_only(request) else set(LEADS_ONLY_KINDS)
        kinds = [kind for key, kind in registry.KINDS.items() if key not in hidden]
        return sorted(((kind.key, str(kind.label)) for kind in kinds), key=lambda item: item[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Benachrichtigung)
class BenachrichtigungAdmin(BigListAdminMixin, RegionScopedAdmin):
    list_display = [
        "created_at", "kind_label", "recipient", "status", "attempts", "next_attempt_at",
        "last_error", "sent_at",
    ]  # fmt: skip
    list_filter = ["status", KindFilter]
    list_select_related = ["recipient"]
    search_fields = ["recipient__email", "kind"]
    readonly_fields = [f.name for f in Benachrichtigung._meta.fields]
    actions = ["retry"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        return qs if _sees_leads_only(request) else qs.exclude(kind__in=LEADS_ONLY_KINDS)

    @admin.display(description=_("kind"))
    def kind_label(self, obj: Benachrichtigung) -> str:
        kind = registry.KINDS.get(obj.kind)
        return str(kind.label) if kind else obj.kind

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Send again now"), permissions=["change"])
    def retry(self, request: HttpRequest, queryset: QuerySet[Benachrichtigung]) -> None:
        count = benachrichtigungen_retry(acting_user=acting_user(request), rows=queryset)
        self.message_user(
            request, _("%(count)s notifications will be sent again.") % {"count": count},
            messages.SUCCESS,
        )  # fmt: skip
