"""Expenses in the admin: the coordinators' queue (scoped to their regions, filters by status
and month) where they approve or refuse with a reason, and the rates with their effective date.

The changelist's columns are what the bookkeeping needs (volunteer, date, purpose, amount in
euros, approved on and by); its CSV/Excel buttons (``wegbegleitung.exports``) download the
filtered list, e.g. "approved" in November, for the bookkeeper.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from auslagen import services
from auslagen.models import REASON_MAX, Auslage, Satz
from wegbegleitung.admin_scoping import RegionScopedAdmin
from wegbegleitung.request_types import acting_user

St = Auslage.Status


class MonthFilter(admin.SimpleListFilter):
    title = gettext_lazy("month")
    parameter_name = "monat"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        today = timezone.localdate()
        months = []
        year, month = today.year, today.month
        for _i in range(12):
            months.append((f"{year}-{month:02d}", f"{month:02d}.{year}"))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return months

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if not value:
            return queryset
        try:
            year, month = (int(part) for part in value.split("-"))
            date(year, month, 1)
        except ValueError:
            return queryset.none()
        return queryset.filter(datum__year=year, datum__month=month)


class DecisionForm(forms.ModelForm):  # type: ignore[type-arg]
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("", "---------"),
            (St.GENEHMIGT, gettext_lazy("Approve")),
            (St.ABGELEHNT, gettext_lazy("Refuse")),
        ],  # fmt: skip
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for the refusal"), required=False, max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required for a refusal; the volunteer reads it in the portal."),
    )  # fmt: skip

    class Meta:
        model = Auslage
        fields: list[str] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == St.ABGELEHNT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Please give the volunteer a reason for the refusal."))
        return data


_SHOWN = ["volunteer", "begleitung", "art", "datum", "zweck", "kilometer", "cent_pro_km",
          "amount_de", "receipt", "status", "submitted_at", "decided_on_de", "decided_by_name",
          "ablehnungsgrund"]  # fmt: skip


@admin.register(Auslage)
class AuslageAdmin(RegionScopedAdmin):
    region_lookup = "begleitung__jugendliche__einrichtung__region"
    list_display = ["volunteer", "datum", "zweck", "art", "amount_euro", "status", "decided_on",
                    "decided_by_name", "receipt"]  # fmt: skip
    list_filter = ["status", MonthFilter]
    list_select_related = ["begleitung__wegbegleiter__user", "decided_by"]
    search_fields = ["begleitung__wegbegleiter__user__last_name", "zweck"]
    date_hierarchy = None
    actions = ["approve"]
    form = DecisionForm

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the volunteer records expenses in the portal

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # a decision is taken once: afterwards the expense is only shown
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.status == St.EINGEREICHT)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if (
            obj is not None
            and obj.status == St.EINGEREICHT
            and self.has_change_permission(request, obj)
        ):
            return [*_SHOWN[:-4], "decision", "reason"]
        return _SHOWN

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return list(_SHOWN)

    @admin.display(description=gettext_lazy("volunteer"),
                   ordering="begleitung__wegbegleiter__user__last_name")  # fmt: skip
    def volunteer(self, obj: Auslage) -> str:
        return str(obj.begleitung.wegbegleiter.user.get_full_name())

    @admin.display(description=gettext_lazy("amount in euros"), ordering="betrag_cent")
    def amount_euro(self, obj: Auslage) -> Decimal:
        return Decimal(obj.betrag_cent) / 100

    @admin.display(description=gettext_lazy("decided on"), ordering="decided_at")
    def decided_on(self, obj: Auslage) -> date | None:
        return timezone.localdate(obj.decided_at) if obj.decided_at else None

    # the change form shows a method's value as text: German there, native in the list (export)
    @admin.display(description=gettext_lazy("amount"))
    def amount_de(self, obj: Auslage) -> str:
        return obj.betrag

    @admin.display(description=gettext_lazy("decided on"))
    def decided_on_de(self, obj: Auslage) -> str:
        return f"{timezone.localtime(obj.decided_at):%d.%m.%Y %H:%M}" if obj.decided_at else ""

    @admin.display(description=gettext_lazy("decided by"))
    def decided_by_name(self, obj: Auslage) -> str:
        return obj.decided_by.get_full_name() if obj.decided_by else ""

    @admin.display(description=gettext_lazy("receipt"))
    def receipt(self, obj: Auslage) -> str:
        if not obj.beleg:
            return ""
        url = reverse("auslagen:receipt", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Show"))

    def save_model(self, request: HttpRequest, obj: Auslage, form: Any, change: bool) -> None:
        data, user = form.cleaned_data, acting_user(request)
        try:
            if data["decision"] == St.GENEHMIGT:
                services.auslage_approve(acting_user=user, auslage=obj)
            else:
                services.auslage_reject(acting_user=user, auslage=obj, reason=data["reason"])
        except (ValidationError, PermissionDenied) as exc:
            request._auslage_refused = True  # type: ignore[attr-defined]
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))

    def message_user(
        self,
        request: HttpRequest,
        message: Any,
        level: int | str = messages.INFO,
        extra_tags: str = "",
        fail_silently: bool = False,
    ) -> None:
        # no "changed successfully" after the service refused the decision
        if not getattr(request, "_auslage_refused", False):
            super().message_user(request, message, level, extra_tags, fail_silently)

    @admin.action(description=gettext_lazy("Approve the selected expenses"),
                  permissions=["change"])  # fmt: skip
    def approve(self, request: HttpRequest, queryset: QuerySet[Auslage]) -> None:
        user, count = acting_user(request), 0
        for auslage in queryset.filter(status=St.EINGEREICHT):
            try:
                services.auslage_approve(acting_user=user, auslage=auslage)
            except (ValidationError, PermissionDenied):
                continue
            count += 1
        messages.info(request, _("%(count)d expenses approved.") % {"count": count})


@admin.register(Satz)
class SatzAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["gueltig_ab", "cent_pro_km", "budget_euro"]

    @admin.display(description=gettext_lazy("budget per match and month in euros"))
    def budget_euro(self, obj: Satz) -> Decimal:
        return Decimal(obj.budget_pro_monat_cent) / 100

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a rate that applied stays: the amounts computed with it refer to it

    def save_model(self, request: HttpRequest, obj: Satz, form: Any, change: bool) -> None:
        services.satz_save(acting_user=acting_user(request), satz=obj, change=change)
