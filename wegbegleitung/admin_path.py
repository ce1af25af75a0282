"""Coordinators' admin for the mentor's path: the applicants as a pipeline, screening records,
training sessions and supervision. Every write goes through the services."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import (
    BooleanField,
    DecimalField,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programme.models import Programm
from wegbegleitung import personal_data_views
from wegbegleitung.admin_scoping import CountOnceChangeList, RegionScopedAdmin
from wegbegleitung.exports.admin_sources import reads_whole_list
from wegbegleitung.models import (
    Entscheidung,
    Erstgespraech,
    Interesse,
    Mobility,
    Postleitzahl,
    Referenz,
    Schulungsteilnahme,
    Schulungstermin,
    Supervision,
    SupervisionEinladung,
    TimeOfDay,
    Weekday,
    Wegbegleiter,
)
from wegbegleitung.permissions import (
    can_change_programmteilnahmen,
    can_manage_wegbegleiter,
    region_ids_for,
)
from wegbegleitung.personal_data import Kind as SubjectKind
from wegbegleitung.personal_data import Subject
from wegbegleitung.programmes import programmes_of, serving_in
from wegbegleitung.request_types import acting_user
from wegbegleitung.selectors import (
    checklist_for,
    days_in_stage,
    exit_requested,
    interview_pending,
    references_pending,
    stage_counts,
    supervision_due_list,
)
from wegbegleitung.services.application import bewerbung_of
from wegbegleitung.services.audit import audit_read
from wegbegleitung.services.programmes import programmteilnahmen_set
from wegbegleitung.services.screening import (
    check_same_region,
    record_delete,
    record_save,
    supervision_invite,
)
from wegbegleitung.services.volunteer_path import (
    TRANSITIONS,
    allowed_actions,
    wegbegleiter_transition,
)


class SameRegionFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    """The services' region rule on each row, so a refusal shows next to the row instead of
    failing after the main record was saved (a superuser sees every region's choices)."""

    def clean(self) -> None:
        super().clean()
        for form in self.forms:
            if not form.has_changed() or form.errors or form.cleaned_data.get("DELETE"):
                continue
            try:
                check_same_region(form.instance)
            except ValidationError as exc:
                form.add_error(None, exc)


class ServiceInline(admin.TabularInline):  # type: ignore[type-arg]
    """Inline rows are stored and deleted through the services, with region-scoped choices."""

    extra = 0
    formset = SameRegionFormSet

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is None or field.queryset is None or request.user.is_superuser:
            return field
        if any(f.name == "region" for f in db_field.related_model._meta.get_fields()):
            field.queryset = field.queryset.filter(region__in=region_ids_for(request.user))
        return field


def _save_formset_through_services(request: HttpRequest, formset: Any) -> None:
    user = acting_user(request)
    instances = formset.save(commit=False)
    for obj in formset.deleted_objects:
        record_delete(acting_user=user, record=obj)
    for obj in instances:
        if isinstance(obj, Erstgespraech) and obj.conducted_by_id is None:
            obj.conducted_by = user
        record_save(acting_user=user, record=obj)
    formset.save_m2m()


class ErstgespraechInline(ServiceInline):
    model = Erstgespraech
    extra = 1  # one empty row to fill, also without JavaScript
    fields = ["held_on", "in_person", "outcome", "notes", "conducted_by"]
    readonly_fields = ["conducted_by"]


class ReferenzInline(ServiceInline):
    model = Referenz
    extra = 1
    fields = ["kind", "name", "contact", "contacted_on", "outcome", "notes"]


class SchulungsteilnahmeInline(ServiceInline):
    model = Schulungsteilnahme
    fields = ["termin", "attended", "hours"]


class EntscheidungInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Entscheidung
    extra = 0
    fields = readonly_fields = ("decided_at", "outcome", "reason", "decided_by")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class StageFilter(admin.SimpleListFilter):
    """The pipeline stage (the status on the path)."""

    title = gettext_lazy("stage")
    parameter_name = "stage"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(str(s.value), str(s.label)) for s in Wegbegleiter.Status]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(status=self.value()) if self.value() else queryset


class SupervisionDueFilter(admin.SimpleListFilter):
    """Volunteers in an active match whose supervision is due (the reminders' rule)."""

    title = gettext_lazy("supervision")
    parameter_name = "supervision"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("due", str(_("due")))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() != "due":
            return queryset
        due = supervision_due_list(in_active_match=active_match_ids(request))
        return queryset.filter(pk__in=due.values("pk"))


class ScreeningFilter(admin.SimpleListFilter):
    """Applicants whose first interview or references are still open."""

    title = gettext_lazy("screening")
    parameter_name = "pruefung"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("erstgespraech", str(_("first interview to hold"))),
            ("referenzen", str(_("references missing"))),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "erstgespraech":
            return interview_pending(queryset)
        if self.value() == "referenzen":
            return references_pending(queryset)
        return queryset


class ExitRequestedFilter(admin.SimpleListFilter):
    """Volunteers who asked to leave, decline or delete their account and wait for an answer."""

    title = gettext_lazy("ending requested")
    parameter_name = "ausstieg"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("angefragt", str(_("waiting for an answer")))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return exit_requested(queryset) if self.value() == "angefragt" else queryset


class ProgrammFilter(admin.SimpleListFilter):
    """The programme the volunteer serves in (no rows: the default programme)."""

    title = gettext_lazy("programme")
    parameter_name = "programm"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(str(p.pk), p.name) for p in Programm.objects.all()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if not value or not value.isdigit():
            return queryset
        return serving_in(queryset, int(value))


class ProgrammeForm(forms.Form):
    programme = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Programmes"),
        queryset=Programm.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "None chosen: the volunteer serves in the default programme. Training and clearance "
            "are measured by each programme's own rules."
        ),
    )


def active_match_ids(request: HttpRequest) -> set[int]:
    """Volunteers in an active match (the matching app tells, through the notification
    providers), asked once per request."""
    from wegbegleitung.notifications import providers

    active = getattr(request, "_wb_active_match_ids", None)
    if active is None:
        active = providers.active_match_wegbegleiter_ids(timezone.localdate())
        request._wb_active_match_ids = active  # type: ignore[attr-defined]
    return set(active)


def training_hours() -> Subquery:
    """The attended hours per volunteer as a subquery of their own rows, not a join of every
    volunteer with all attendances grouped again (evaluated for the page's rows only)."""
    own = (
        Schulungsteilnahme.objects.filter(wegbegleiter=OuterRef("pk"), attended=True)
        .order_by()
        .values("wegbegleiter")
        .annotate(total=Sum(Coalesce("hours", "termin__hours"), output_field=DecimalField()))
        .values("total")
    )
    return Subquery(own, output_field=DecimalField())


class PipelineChangeList(CountOnceChangeList):
    """Supervision due is asked for the rows shown, after the page is read: the rule weighs each
    volunteer's supervision history, which the count and the sort never need (issue 13)."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        rows = list(self.result_list)
        # the rule asked of the rows shown, then narrowed to those in an active match: one
        # query for any page (the active ones are thousands of ids, the page a hundred)
        overdue = supervision_due_list(in_active_match=[row.pk for row in rows])
        due = set(overdue.values_list("pk", flat=True)) & active_match_ids(request)
        for row in rows:
            row.supervision_due = row.pk in due
        self.result_list = rows
        if not reads_whole_list(request):
            return  # a page: the rule for every volunteer in a match costs ~100 ms at full size
        # a download of the list reads every row of ``queryset``, not the page: there the rule
        # is one subquery of the whole list (a background task, not a page)
        overdue_all = supervision_due_list(in_active_match=active_match_ids(request))
        self.queryset = self.queryset.annotate(
            supervision_due=ExpressionWrapper(
                Q(pk__in=overdue_all.values("pk")), output_field=BooleanField()
            )
        )


class StatusChangeForm(forms.Form):
    action = forms.ChoiceField(label=gettext_lazy("Step"))
    reason = forms.CharField(
        label=gettext_lazy("Reason"), required=False, max_length=5000, widget=forms.Textarea
    )

    def __init__(self, *args: Any, actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a, TRANSITIONS[a].label) for a in actions]  # type: ignore[attr-defined]


@admin.register(Wegbegleiter)
class WegbegleiterAdmin(RegionScopedAdmin):
    """The applicants as a pipeline: filter by stage and region, count per stage, days waiting."""

    list_display = [
        "__str__", "region", "status", "days_waiting", "submitted", "hours", "supervision",
    ]  # fmt: skip
    list_filter = [
        StageFilter, ScreeningFilter, SupervisionDueFilter, ExitRequestedFilter, ProgrammFilter,
        ("region", admin.RelatedOnlyFieldListFilter),
    ]  # fmt: skip
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user", "region", "bewerbung"]
    fields = readonly_fields = (
        "user", "region", "status", "status_since", "status_reason", "created_at",
        "activity_started_on", "activity_ended_on", "exit_requested", "exit_requested_at",
        "exit_requested_by", "exit_reason", "programmes", "path_checklist", "application",
        "personal_data",
    )  # fmt: skip
    inlines = [ErstgespraechInline, ReferenzInline, SchulungsteilnahmeInline, EntscheidungInline]
    change_list_template = "admin/wegbegleitung/wegbegleiter/pipeline.html"
    change_form_template = "admin/wegbegleitung/wegbegleiter/change_form_path.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # volunteers sign up themselves

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # leaving and account deletion are services with retention rules

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return PipelineChangeList

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs: QuerySet[Any] = super().get_queryset(request).annotate(training_hours=training_hours())
        # a stable order for paging; the record-field search pages through this
        return qs.order_by("user__last_name", "user__first_name", "id")

    @admin.display(description=gettext_lazy("days in this stage"), ordering="status_since")
    def days_waiting(self, obj: Wegbegleiter) -> int:
        return days_in_stage(obj)

    @admin.display(description=gettext_lazy("application submitted"), boolean=True)
    def submitted(self, obj: Wegbegleiter) -> bool:
        return bewerbung_of(obj).submitted_at is not None

    @admin.display(description=gettext_lazy("training hours"))
    def hours(self, obj: Any) -> str:
        return str(obj.training_hours or 0).replace(".", ",")

    @admin.display(description=gettext_lazy("supervision"))
    def supervision(self, obj: Any) -> str:
        return str(_("due")) if getattr(obj, "supervision_due", False) else ""

    @admin.display(description=gettext_lazy("data protection"))
    def personal_data(self, obj: Wegbegleiter) -> str:
        return personal_data_views.admin_links(
            reverse("admin:wegbegleitung_wegbegleiter_personal_data", args=[obj.pk, "json"]),
            reverse("admin:wegbegleitung_wegbegleiter_erasure", args=[obj.pk]),
        )

    @admin.display(description=gettext_lazy("programmes"))
    def programmes(self, obj: Wegbegleiter) -> str:
        names = ", ".join(p.name for p in programmes_of(obj))
        url = reverse("admin:wegbegleitung_wegbegleiter_programme", args=[obj.pk])
        return format_html('{} (<a href="{}">{}</a>)', names, url, _("change"))

    @admin.display(description=gettext_lazy("path"))
    def path_checklist(self, obj: Wegbegleiter) -> str:
        rows = [
            (s.title, _("done") if s.done else _("open"), s.summary) for s in checklist_for(obj)
        ]
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {} – {}</li>", rows))

    @admin.display(description=gettext_lazy("application"))
    def application(self, obj: Wegbegleiter) -> str:
        b = bewerbung_of(obj)
        if b.pk is None:
            return _("not started")
        rows = [
            (str(getattr(b._meta.get_field(n), "verbose_name", n)), _display(b, n)) for n in _SHOWN
        ]
        return format_html("<dl>{}</dl>", format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        pass  # the volunteer's own fields change only through the path services

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        original = getattr(response, "context_data", {}).get("original")
        if request.method == "GET" and response.status_code == 200 and original is not None:
            audit_read(actor=acting_user(request), obj=original)  # the application is personal data
        return response

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        try:
            _save_formset_through_services(request, formset)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        counts = stage_counts(super().get_queryset(request))  # the scope, without the columns
        stages = [(s.label, counts[str(s.value)], s.value) for s in Wegbegleiter.Status]
        return super().changelist_view(request, {**(extra_context or {}), "stages": stages})

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "<int:pk>/status/",
                self.admin_site.admin_view(self.status_view),
                name="wegbegleitung_wegbegleiter_status",
            ),
            path(
                "<int:pk>/programme/",
                self.admin_site.admin_view(self.programme_view),
                name="wegbegleitung_wegbegleiter_programme",
            ),
            path(
                "<int:pk>/daten/<slug:fmt>/",
                self.admin_site.admin_view(self.personal_data_view),
                name="wegbegleitung_wegbegleiter_personal_data",
            ),
            path(
                "<int:pk>/loeschen/",
                self.admin_site.admin_view(self.erasure_view),
                name="wegbegleitung_wegbegleiter_erasure",
            ),
        ]
        return own + super().get_urls()

    def personal_data_view(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        """GDPR Art. 15/20 on request: a coordinator of the volunteer's region."""
        return personal_data_views.admin_download_wegbegleiter(request, pk, fmt)

    def erasure_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        wegbegleiter = get_object_or_404(Wegbegleiter.objects.select_related("user"), pk=pk)
        if not can_manage_wegbegleiter(request.user, wegbegleiter):
            raise PermissionDenied
        subject = Subject(SubjectKind.WEGBEGLEITER, pk)
        data = "admin:wegbegleitung_wegbegleiter_personal_data"
        return personal_data_views.erasure_page(
            request, subject=subject, name=str(wegbegleiter),
            back_url=reverse("admin:wegbegleitung_wegbegleiter_change", args=[pk]),
            context={**self.admin_site.each_context(request), "opts": self.opts,
                     "download_pdf": reverse(data, args=[pk, "pdf"]),
                     "download_json": reverse(data, args=[pk, "json"])},
        )  # fmt: skip

    def programme_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The programmes the volunteer serves in (a coordinator of their region)."""
        wegbegleiter = get_object_or_404(self.get_queryset(request), pk=pk)
        if not can_change_programmteilnahmen(request.user, wegbegleiter):
            raise PermissionDenied
        initial = {"programme": [t.programm_id for t in wegbegleiter.programmteilnahmen.all()]}
        # an empty choice is a real answer (back to the default programme): bind on every POST
        form = ProgrammeForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            programmteilnahmen_set(
                acting_user=acting_user(request),
                wegbegleiter=wegbegleiter,
                programme=list(form.cleaned_data["programme"]),
            )
            messages.success(request, _("The programmes were saved."))
            url = reverse("admin:wegbegleitung_wegbegleiter_change", args=[pk])
            return HttpResponseRedirect(url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts, "original": wegbegleiter, "form": form,
            "title": _("Programmes of %(name)s") % {"name": wegbegleiter},
        }  # fmt: skip
        return render(request, "admin/wegbegleitung/wegbegleiter/programme.html", context)

    def status_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        wegbegleiter = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, wegbegleiter):
            raise PermissionDenied
        actions = allowed_actions(wegbegleiter, as_volunteer=False)
        form = StatusChangeForm(request.POST or None, actions=actions)
        if request.method == "POST" and form.is_valid():
            try:
                after = wegbegleiter_transition(
                    acting_user=acting_user(request),
                    wegbegleiter=wegbegleiter,
                    action=form.cleaned_data["action"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _step_message(after))
                url = reverse("admin:wegbegleitung_wegbegleiter_change", args=[pk])
                return HttpResponseRedirect(url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts, "original": wegbegleiter, "form": form,
            "title": _("Next step on the path"), "has_actions": bool(actions),
        }  # fmt: skip
        return render(request, "admin/wegbegleitung/wegbegleiter/status.html", context)


def _step_message(wegbegleiter: Wegbegleiter) -> str:
    if wegbegleiter.exit_pending:
        return _(
            "The ending is recorded as a request: a match still runs. Its status is now "
            "“Ending requested”; the step completes once you have closed the match."
        )
    return _("The step was taken.")


_SHOWN = [
    "phone", "gender", "postal_code", "city", "motivation", "experience", "languages", "interests_other",
    "weekdays", "times_of_day", "mentee_age_min", "mentee_age_max", "mentee_gender",
    "mobility", "max_travel_km", "commitment_months", "submitted_at",
]  # fmt: skip


_LIST_LABELS: dict[str, dict[str, Any]] = {
    "weekdays": dict(Weekday.choices),
    "times_of_day": dict(TimeOfDay.choices),
    "mobility": dict(Mobility.choices),
}


def _display(bewerbung: Any, name: str) -> str:
    field = bewerbung._meta.get_field(name)
    value = getattr(bewerbung, name)
    if field.choices:
        return str(getattr(bewerbung, f"get_{name}_display")())
    if isinstance(value, list):
        labels = _LIST_LABELS.get(name, {})
        return ", ".join(str(labels.get(v, v)) for v in value)
    if isinstance(value, datetime):  # German and local, not the database's UTC
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    return "" if value is None else str(value)


class TeilnahmeInline(ServiceInline):
    model = Schulungsteilnahme
    extra = 1
    fields = ["wegbegleiter", "attended", "hours"]


@admin.register(Schulungstermin)
class SchulungsterminAdmin(RegionScopedAdmin):
    list_display = ["title", "module", "starts_at", "hours", "region"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["region"]
    inlines = [TeilnahmeInline]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        record_save(acting_user=acting_user(request), record=obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record_delete(acting_user=acting_user(request), record=obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        _save_formset_through_services(request, formset)


class EinladungInline(ServiceInline):
    model = SupervisionEinladung
    fields = ["wegbegleiter", "rsvp", "attended"]
    readonly_fields = ["rsvp"]


@admin.register(Supervision)
class SupervisionAdmin(RegionScopedAdmin):
    list_display = ["__str__", "kind", "starts_at", "online", "place", "facilitator", "region"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter), "kind"]
    list_select_related = ["region"]
    inlines = [EinladungInline]
    actions = ["invite_available"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        record_save(acting_user=acting_user(request), record=obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record_delete(acting_user=acting_user(request), record=obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        _save_formset_through_services(request, formset)

    @admin.action(description=gettext_lazy("Invite all available volunteers of the region"))
    def invite_available(self, request: HttpRequest, queryset: QuerySet[Supervision]) -> None:
        invited = 0
        for supervision in queryset:
            people = Wegbegleiter.objects.filter(
                region=supervision.region_id,
                status__in=[Wegbegleiter.Status.VERFUEGBAR, Wegbegleiter.Status.PAUSIERT],
            )
            invited += supervision_invite(
                acting_user=acting_user(request),
                supervision=supervision,
                wegbegleiter=list(people),
            )
        messages.success(request, _("%(count)d invitations created.") % {"count": invited})


@admin.register(Interesse)
class InteresseAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The list of interests volunteers choose from (not personal data)."""

    list_display = ["name", "active"]
    list_editable = ["active"]
    search_fields = ["name"]


@admin.register(Postleitzahl)
class PostleitzahlAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Imported with ``manage.py import_postleitzahlen``; read only here."""

    list_display = ["country", "postal_code", "place_name", "latitude", "longitude"]
    list_filter = ["country"]
    search_fields = ["postal_code", "place_name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
