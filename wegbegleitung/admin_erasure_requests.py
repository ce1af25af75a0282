"""Coordinators answer the erasure requests of their regions (GDPR Art. 17, within one month).

The list links each request to the person's erasure plan (the existing erasure page: carrying
it out there answers the request); a request can also be refused with a reason.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegbegleitung.admin_scoping import RegionScopedAdmin
from wegbegleitung.models import Loeschantrag
from wegbegleitung.permissions import can_answer_loeschantrag
from wegbegleitung.request_types import acting_user
from wegbegleitung.services.erasure_requests import MESSAGE_MAX, loeschantrag_refuse

# the existing erasure page of each kind of person (its plan, then the confirmed step)
PLAN_URLS = {
    Loeschantrag.Art.WEGBEGLEITER: "admin:wegbegleitung_wegbegleiter_erasure",
    Loeschantrag.Art.JUGENDLICHE: "admin:einrichtungen_jugendliche_erasure",
}


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (the person is told it)"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


@admin.register(Loeschantrag)
class LoeschantragAdmin(RegionScopedAdmin):
    list_display = ["requested_at", "subject_kind", "requested_by", "region", "due_on", "status",
                    "answer"]  # fmt: skip
    list_filter = ["status", "subject_kind"]
    list_select_related = ["requested_by", "region"]
    readonly_fields = [
        "subject_kind", "requested_by", "region", "requested_at", "due_on", "message", "status",
        "decided_at", "decided_by", "refusal_reason", "answer",
    ]  # fmt: skip
    exclude = ["subject_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the person asks in their own pages; letters go straight to the plan

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # proof of the answer; the retention schedule deletes it

    @admin.display(description=gettext_lazy("answer"))
    def answer(self, obj: Loeschantrag) -> str:
        if obj.status != Loeschantrag.Status.OFFEN:
            return ""
        plan = reverse(PLAN_URLS[Loeschantrag.Art(obj.subject_kind)], args=[obj.subject_id])
        refuse = reverse("admin:wegbegleitung_loeschantrag_refuse", args=[obj.pk])
        return format_html('<a href="{}">{}</a> · <a href="{}">{}</a>', plan,
                           _("Erasure plan"), refuse, _("Refuse"))  # fmt: skip

    def get_urls(self) -> list[URLPattern]:
        own = [path("<int:pk>/ablehnen/", self.admin_site.admin_view(self.refuse_view),
                    name="wegbegleitung_loeschantrag_refuse")]  # fmt: skip
        return own + super().get_urls()

    def refuse_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        antrag = get_object_or_404(Loeschantrag, pk=pk)
        if not can_answer_loeschantrag(request.user, antrag):
            raise PermissionDenied
        form = RefuseForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                loeschantrag_refuse(acting_user=acting_user(request), loeschantrag=antrag,
                                    reason=form.cleaned_data["reason"])  # fmt: skip
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The request is refused; the person is told why."))
                return HttpResponseRedirect(reverse("admin:wegbegleitung_loeschantrag_changelist"))
        return render(request, "admin/wegbegleitung/loeschantrag_refuse.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "form": form,
            "antrag": antrag, "title": _("Refuse the erasure request"),
        })  # fmt: skip
