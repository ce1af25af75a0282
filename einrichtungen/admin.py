"""Coordinators maintain providers, facilities and see young people of their regions here.

Every page is scoped to the coordinator's regions (RegionScopedAdmin); every save goes through a
service; opening a young person's record or a help-plan conference is audited as in the staff area.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from einrichtungen.models import (
    Anfrage,
    Einrichtung,
    Einwilligung,
    Elternteil,
    Hilfeplangespraech,
    Jugendliche,
    Kind,
    Traeger,
)
from einrichtungen.permissions import INVITE_PERM, acting, is_coordinator_of
from einrichtungen.services import (
    anfrage_status_set,
    einrichtung_create,
    einrichtung_lead_set,
    einrichtung_update,
    jugendliche_create,
    jugendliche_update,
    traeger_save,
)
from einrichtungen.services.einrichtungen import EINRICHTUNG_FIELDS, einrichtung_validate
from einrichtungen.services.jugendliche import JUGENDLICHE_FIELDS, jugendliche_validate
from programme.admin_filters import ProgrammColumnMixin, ProgrammFilter
from wegbegleitung import personal_data_views
from wegbegleitung.admin_big_lists import indexed_dates
from wegbegleitung.admin_scoping import RegionScopedAdmin
from wegbegleitung.models import User
from wegbegleitung.personal_data import Kind as SubjectKind
from wegbegleitung.personal_data import Subject
from wegbegleitung.services.audit import audit_read


@admin.register(Traeger)
class TraegerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "ansprechperson", "email", "telefon"]
    search_fields = ["name"]

    def save_model(self, request: HttpRequest, obj: Traeger, form: Any, change: bool) -> None:
        traeger_save(acting_user=acting(request), traeger=obj)


class EinrichtungAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    leads = forms.ModelMultipleChoiceField(
        label=_("Leads (may invite staff)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Einrichtung
        fields = ["name", "region", *sorted(EINRICHTUNG_FIELDS)]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None or "leads" not in self.fields:
            self.fields.pop("leads", None)
            return
        staff = self.instance.staff_group.user_set.order_by("email")
        leads = cast("forms.ModelMultipleChoiceField[User]", self.fields["leads"])
        leads.queryset = staff
        leads.initial = [u.pk for u in staff if u.has_perm(INVITE_PERM, self.instance)]

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        _service_validation(self, einrichtung_validate)


class JugendlicheAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Jugendliche
        # the kind (young person or family) follows from the organisation, as in the staff area
        fields = ["einrichtung", *sorted(JUGENDLICHE_FIELDS - {"art"})]

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        instance = self.instance
        if instance.pk is None and instance.einrichtung_id is not None:
            familie = instance.einrichtung.refers_families
            instance.art = Jugendliche.Art.FAMILIE if familie else Jugendliche.Art.JUNGER_MENSCH
        _service_validation(self, jugendliche_validate)


def _service_validation(form: forms.ModelForm, validate: Any) -> None:  # type: ignore[type-arg]
    """The service's own checks, so the admin shows their messages next to the fields."""
    if form.errors or getattr(form.instance, "region_id", 0) is None:
        return
    try:
        validate(form.instance)
    except ValidationError as exc:
        form._update_errors(exc)  # type: ignore[attr-defined]


@admin.register(Einrichtung)
class EinrichtungAdmin(RegionScopedAdmin):
    form = EinrichtungAdminForm
    list_display = ["name", "art", "region", "traeger", "postleitzahl", "kooperation_status"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter), "art", "kooperation_status"]
    search_fields = ["name", "ort", "postleitzahl"]
    list_select_related = ["region", "traeger"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        return ["region", "haushalt"] if obj.is_household else ["region"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = super().get_fields(request, obj)
        return fields if obj is not None else [f for f in fields if f != "leads"]

    @admin.display(description=_("living in the household"))
    def haushalt(self, obj: Einrichtung) -> str:
        """An Erziehungsstelle (foster family): the young people living there now."""
        living = obj.jugendliche.filter(auszug_am__isnull=True).order_by("vorname", "id")
        names = ", ".join(j.vorname for j in living)
        return f"{names or '–'} ({living.count()}/{settings.WB_ERZIEHUNGSSTELLE_MAX_PLAETZE})"

    def save_model(self, request: HttpRequest, obj: Einrichtung, form: Any, change: bool) -> None:
        data = {k: v for k, v in form.cleaned_data.items() if k in EINRICHTUNG_FIELDS}
        try:
            if change:
                einrichtung_update(acting_user=acting(request), einrichtung=obj, **data)
            else:
                data.pop("name")
                created = einrichtung_create(
                    acting_user=acting(request), name=obj.name, region=obj.region, **data
                )
                obj.pk = created.pk
                obj.staff_group_id = created.staff_group_id
        except ValidationError as exc:
            raise PermissionDenied(" ".join(exc.messages)) from exc
        if change and "leads" in form.cleaned_data:
            self._save_leads(request, obj, form)

    def _save_leads(self, request: HttpRequest, obj: Einrichtung, form: Any) -> None:
        wanted = set(form.cleaned_data["leads"])
        for user in form.fields["leads"].queryset:
            is_lead = user in wanted
            if is_lead != user.has_perm(INVITE_PERM, obj):
                einrichtung_lead_set(
                    acting_user=acting(request), einrichtung=obj, user=user, is_lead=is_lead
                )


class _ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EinwilligungInline(_ReadOnlyInline):
    model = Einwilligung
    fields = readonly_fields = ("bereich", "inhaber", "erteilt_am", "widerrufen_am")


class AnfrageInline(_ReadOnlyInline):
    model = Anfrage
    fields = readonly_fields = ("programm", "status", "angefragt_am", "status_seit")


class ElternteilInline(_ReadOnlyInline):
    """A family's parents (recorded by the referring organisation in the staff area)."""

    model = Elternteil
    fields = readonly_fields = ("vorname", "rolle", "sorgeberechtigt")


class KindInline(_ReadOnlyInline):
    model = Kind
    fields = readonly_fields = ("vorname", "geburtsmonat", "geburtsjahr")


class HilfeplangespraechInline(_ReadOnlyInline):
    model = Hilfeplangespraech
    fields = readonly_fields = (
        "art",
        "datum",
        "wegbegleitung_erwogen",
        "wegbegleiter_eingeladen",
        "wegbegleiter_teilgenommen",
        "mit_wegbegleitung_geteilt",
    )
    show_change_link = True


@admin.register(Jugendliche)
class JugendlicheAdmin(RegionScopedAdmin):
    region_lookup = "einrichtung__region"
    form = JugendlicheAdminForm
    list_display = ["vorname", "art", "einrichtung", "geburtsjahr", "auszug_am"]
    list_filter = [
        "art",
        ("einrichtung__region", admin.RelatedOnlyFieldListFilter),
        ("einrichtung", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["vorname"]
    list_select_related = ["einrichtung"]
    inlines = [
        ElternteilInline,
        KindInline,
        EinwilligungInline,
        AnfrageInline,
        HilfeplangespraechInline,
    ]
    readonly_fields = ["auszug_am", "created_at", "personal_data"]

    @admin.display(description=_("data protection"))
    def personal_data(self, obj: Jugendliche) -> str:
        if obj.pk is None:
            return ""
        return personal_data_views.admin_links(
            reverse("admin:einrichtungen_jugendliche_personal_data", args=[obj.pk, "json"]),
            reverse("admin:einrichtungen_jugendliche_erasure", args=[obj.pk]),
        )

    def view_on_site(self, obj: Jugendliche) -> str:
        """Consents and conferences are recorded in the staff area, also by coordinators."""
        return obj.get_absolute_url()

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if settings.WB_JUGENDLICHE_NACHNAME else ["nachname"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        extra = ["einrichtung"] if obj is not None else []
        return [*self.readonly_fields, *extra]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, object_id)
        if obj is not None and response.status_code == 200:
            audit_read(actor=acting(request), obj=obj)
        return response

    def get_urls(self) -> list[URLPattern]:
        own = [
            path("<int:pk>/daten/<slug:fmt>/", self.admin_site.admin_view(self.personal_data_view),
                 name="einrichtungen_jugendliche_personal_data"),
            path("<int:pk>/loeschen/", self.admin_site.admin_view(self.erasure_view),
                 name="einrichtungen_jugendliche_erasure"),
        ]  # fmt: skip
        return own + super().get_urls()

    def _for_coordinator(self, request: HttpRequest, pk: int) -> Jugendliche:
        """GDPR Art. 15/17/20 for a young person: a coordinator of the facility's region."""
        jugendliche = get_object_or_404(Jugendliche.objects.select_related("einrichtung"), pk=pk)
        if not is_coordinator_of(request.user, jugendliche.einrichtung.region_id):
            raise PermissionDenied
        return jugendliche

    def personal_data_view(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        jugendliche = self._for_coordinator(request, pk)
        return personal_data_views.download(
            actor=acting(request), subject=Subject(SubjectKind.JUGENDLICHE, pk), fmt=fmt,
            name=jugendliche.vorname, obj=jugendliche,
        )  # fmt: skip

    def erasure_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        jugendliche = self._for_coordinator(request, pk)
        data = "admin:einrichtungen_jugendliche_personal_data"
        return personal_data_views.erasure_page(
            request, subject=Subject(SubjectKind.JUGENDLICHE, pk), name=jugendliche.vorname,
            back_url=reverse("admin:einrichtungen_jugendliche_change", args=[pk]),
            context={**self.admin_site.each_context(request), "opts": self.opts,
                     "download_pdf": reverse(data, args=[pk, "pdf"]),
                     "download_json": reverse(data, args=[pk, "json"])},
        )  # fmt: skip

    def save_model(self, request: HttpRequest, obj: Jugendliche, form: Any, change: bool) -> None:
        data = {k: v for k, v in form.cleaned_data.items() if k in JUGENDLICHE_FIELDS}
        try:
            if change:
                jugendliche_update(acting_user=acting(request), jugendliche=obj, **data)
            else:
                created = jugendliche_create(
                    acting_user=acting(request), einrichtung=obj.einrichtung, art=obj.art, **data
                )
                obj.pk = created.pk
        except ValidationError as exc:
            raise PermissionDenied(" ".join(exc.messages)) from exc


@admin.register(Anfrage)
class AnfrageAdmin(ProgrammColumnMixin, RegionScopedAdmin):
    """All requests of the coordinator's regions, oldest first: who has waited longest."""

    region_lookup = "jugendliche__einrichtung__region"
    list_display = ["jugendliche", "einrichtung", "status", "angefragt_am", "wartezeit"]
    list_filter = [
        "status",
        ProgrammFilter,
        ("jugendliche__einrichtung__region", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["jugendliche__einrichtung", "programm"]
    readonly_fields = [
        "jugendliche",
        "programm",
        "status",
        "bemerkung",
        "angefragt_am",
        "angefragt_von",
        "status_seit",
        "abgeschlossen_am",
    ]
    actions = ["mark_in_progress", "mark_closed"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("facility"))
    def einrichtung(self, obj: Anfrage) -> str:
        return obj.jugendliche.einrichtung.name

    @admin.display(description=_("waiting days"))
    def wartezeit(self, obj: Anfrage) -> int:
        return obj.wartezeit_tage()

    @admin.action(description=_("Mark as in progress"), permissions=["change"])
    def mark_in_progress(self, request: HttpRequest, queryset: QuerySet[Anfrage]) -> None:
        self._set_status(request, queryset, Anfrage.Status.IN_BEARBEITUNG)

    @admin.action(description=_("Close without match"), permissions=["change"])
    def mark_closed(self, request: HttpRequest, queryset: QuerySet[Anfrage]) -> None:
        self._set_status(request, queryset, Anfrage.Status.GESCHLOSSEN)

    def _set_status(self, request: HttpRequest, queryset: QuerySet[Anfrage], status: str) -> None:
        for anfrage in queryset:
            try:
                anfrage_status_set(acting_user=acting(request), anfrage=anfrage, status=status)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, f"{anfrage}: {' '.join(_messages(exc))}", messages.ERROR)


def _messages(exc: Exception) -> list[str]:
    return exc.messages if isinstance(exc, ValidationError) else [str(exc)]


class _ReadOnlyScopedAdmin(RegionScopedAdmin):
    region_lookup = "jugendliche__einrichtung__region"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Einwilligung)
class EinwilligungAdmin(_ReadOnlyScopedAdmin):
    list_display = ["jugendliche", "bereich", "inhaber", "erteilt_am", "widerrufen_am"]
    list_filter = ["bereich", "inhaber"]
    list_select_related = ["jugendliche"]


@admin.register(Hilfeplangespraech)
class HilfeplangespraechAdmin(_ReadOnlyScopedAdmin):
    list_display = [
        "jugendliche",
        "datum",
        "wegbegleitung_erwogen",
        "wegbegleiter_eingeladen",
        "wegbegleiter_teilgenommen",
        "mit_wegbegleitung_geteilt",
    ]
    list_filter = ["wegbegleitung_erwogen", "wegbegleiter_teilgenommen"]
    list_select_related = ["jugendliche"]
    date_hierarchy = "datum"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # the date hierarchy walks the date index (a coordinator's list is a join; issue 13)
        return indexed_dates(super().get_queryset(request))

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, object_id)
        if obj is not None and response.status_code == 200:
            audit_read(actor=acting(request), obj=obj)
        return response
