"""The operators' list of pending tasks (the outbox): what waits, what failed and why, and a
"try again now". For superusers only: a failed task's error may name any record of any region.

A task's arguments are not shown: an account mail waits here with its rendered text."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wegbegleitung import outbox
from wegbegleitung.models import OutboxTask
from wegbegleitung.request_types import acting_user
from wegbegleitung.services.audit import audit_log


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "zustand"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("wartet", _("waiting, not failed yet")), ("fehler", _("failed, will be retried"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "wartet":
            return queryset.filter(attempts=0)
        if self.value() == "fehler":
            return queryset.filter(attempts__gt=0)
        return queryset


@admin.register(OutboxTask)
class OutboxTaskAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["aufgabe", "created_at", "attempts", "next_attempt_at", "last_error"]
    list_filter = [StateFilter]
    ordering = ["next_attempt_at", "pk"]
    fields = ["aufgabe", "created_at", "attempts", "next_attempt_at", "last_error"]
    readonly_fields = ["aufgabe", "created_at", "attempts", "next_attempt_at", "last_error"]
    actions = ["retry_now"]

    @admin.display(description=_("task"))
    def aufgabe(self, obj: OutboxTask) -> str:
        return str(outbox.task_label(obj.task))

    @admin.action(description=_("Try the failed tasks again now"))
    def retry_now(self, request: HttpRequest, queryset: QuerySet[OutboxTask]) -> None:
        count = outbox.retry_now(list(queryset.values_list("pk", flat=True)))
        audit_log(actor=acting_user(request), action="outboxtask.retry", details={"count": count})
        self.message_user(
            request,
            ngettext(
                "%(count)d failed task will be tried again now.",
                "%(count)d failed tasks will be tried again now.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
