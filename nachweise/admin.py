"""Certificates of engagement in the admin: coordinators of the volunteer's region see the
figures, sign off a request, issue one directly and retry a failed PDF (region-scoped)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nachweise import selectors, services
from nachweise.figures import Figures
from nachweise.forms import IssueForm, SignForm
from nachweise.models import Nachweis
from wegbegleitung.admin_scoping import RegionScopedAdmin
from wegbegleitung.request_types import acting_user

St = Nachweis.Status


@admin.register(Nachweis)
class NachweisAdmin(RegionScopedAdmin):
    region_lookup = "wegbegleiter__region"
    list_display = ["wegbegleiter", "__str__", "status", "signed_name", "signed_at_de", "download"]
    list_filter = ["status"]
    list_select_related = ["wegbegleiter__user", "wegbegleiter__region"]
    search_fields = ["wegbegleiter__user__last_name", "wegbegleiter__user__first_name"]
    actions = ["retry"]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kw: Any
    ) -> Any:
        if obj is not None and obj.status != St.BEANTRAGT:  # signed: shown, never changed
            return super().get_form(request, obj, change=change, **kw)
        base = SignForm if obj is not None else IssueForm
        name = acting_user(request).get_full_name()
        kw["form"] = type(base.__name__, (base,), {"default_name": name})
        return super().get_form(request, obj, change=change, **kw)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return list(IssueForm.Meta.fields)
        shown = ["wegbegleiter", "status", "figures_table"]
        if obj.status == St.BEANTRAGT:
            return [*shown, "appreciation", "signed_name", "signed_role"]
        return [*shown, "appreciation", "signed_name", "signed_role", "signed_at_de", "download"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        fixed = ["wegbegleiter", "status", "figures_table", "signed_at_de", "download"]
        if obj.status == St.BEANTRAGT:
            return fixed
        return [*fixed, "appreciation", "signed_name", "signed_role"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # only a request waiting for the sign-off can be changed (signed): afterwards it is fixed
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.status == St.BEANTRAGT)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=gettext_lazy("figures"))
    def figures_table(self, obj: Nachweis) -> SafeString:
        if obj.figures:
            figures = Figures.from_json(obj.figures)
        else:  # a request: what the certificate would say if signed now
            figures = selectors.figures_for(
                obj.wegbegleiter, period_from=obj.period_from, period_to=obj.period_to
            )
        return SafeString(render_to_string("admin/nachweise/figures.html", {"figures": figures}))

    @admin.display(description=gettext_lazy("signed at"), ordering="signed_at")
    def signed_at_de(self, obj: Nachweis) -> str:
        return f"{timezone.localtime(obj.signed_at):%d.%m.%Y %H:%M}" if obj.signed_at else "–"

    @admin.display(description=gettext_lazy("PDF"))
    def download(self, obj: Nachweis) -> str:
        if obj.status == St.FERTIG:
            url = reverse("nachweise:download", args=[obj.pk])
            return format_html('<a href="{}">{}</a>', url, _("Download"))
        return str(obj.get_status_display())

    def save_model(self, request: HttpRequest, obj: Nachweis, form: Any, change: bool) -> None:
        data = form.cleaned_data
        signature = {
            "signed_name": data["signed_name"],
            "signed_role": data["signed_role"],
            "appreciation": data.get("appreciation") or "",
        }
        user = acting_user(request)
        if change:
            done = services.nachweis_sign(acting_user=user, nachweis=obj, **signature)
        else:
            done = services.nachweis_issue(
                acting_user=user, wegbegleiter=data["wegbegleiter"],
                period_from=data["period_from"], period_to=data["period_to"], **signature,
            )  # fmt: skip
        obj.pk, obj.status = done.pk, done.status
        messages.info(request, _("Signed off: the PDF is being made."))

    @admin.action(description=gettext_lazy("Make the PDF again"), permissions=["change"])
    def retry(self, request: HttpRequest, queryset: QuerySet[Nachweis]) -> None:
        user, count = acting_user(request), 0
        for nachweis in queryset.filter(status=St.FEHLER):
            try:
                services.nachweis_retry(acting_user=user, nachweis=nachweis)
            except ValidationError:
                continue
            count += 1
        messages.info(request, _("%(count)d certificates are being made again.") % {"count": count})
