"""The admin's start page as the coordinator's to-do board, and every admin page grouped by task
("Alle Bereiche"). Installed on the admin site by ``ArbeitsplatzConfig.ready``, so no lower app
needs to know this one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.admin import AdminSite
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, URLResolver, path
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from arbeitsplatz.permissions import may_see_board
from arbeitsplatz.selectors import (
    ADMINISTRATION,
    FACILITIES,
    MATCHES,
    NOTIFICATIONS,
    PROTECTION,
    STUDY,
    VOLUNTEERS,
    board_for,
    grouped,
)
from programme.selectors import PARAMETER, chosen, programme_for, several

# The task each admin page belongs to ("app_label.model"); the rest is administration.
TASKS: list[tuple[Promise, set[str]]] = [
    (VOLUNTEERS, {
        "wegbegleitung.wegbegleiter", "wegbegleitung.schulungstermin",
        "wegbegleitung.supervision", "wegbegleitung.interesse", "nachweise.nachweis",
    }),
    (PROTECTION, {
        "schutzkonzept.fuehrungszeugnis", "schutzkonzept.schutzschulung",
        "schutzkonzept.antragsbestaetigung", "schutzkonzept.unterzeichnung",
        "schutzkonzept.verhaltenskodex", "schutzkonzept.freigabe", "schutzkonzept.freigabeverlust",
        "schutzkonzept.meldung", "schutzkonzept.verweigerterzugriff",
    }),
    (FACILITIES, {
        "einrichtungen.traeger", "einrichtungen.einrichtung", "einrichtungen.jugendliche",
        "einrichtungen.anfrage", "einrichtungen.einwilligung", "einrichtungen.hilfeplangespraech",
        "netzwerk.mitgliedschaft", "netzwerk.veranstaltung", "netzwerk.einspringanfrage",
    }),
    (MATCHES, {
        "matching.begleitung", "matching.vermittlung", "matching.gewichtung",
        "matching.kapazitaet", "matching.wunsch", "matching.aussetzung",
        "auslagen.auslage", "auslagen.satz",
    }),
    (STUDY, {"forschung.instrument", "forschung.welle"}),
    (NOTIFICATIONS, {"wegbegleitung.benachrichtigung"}),
]  # fmt: skip


def install(site: AdminSite) -> None:
    """The board becomes the index of ``site``; "Alle Bereiche" is added to its URLs."""
    site.index_template = "admin/arbeitsplatz/index.html"
    original_index = site.index
    original_urls = site.get_urls

    def index(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        return original_index(request, {**board_context(request), **(extra_context or {})})

    def get_urls() -> list[URLPattern | URLResolver]:
        view = site.admin_view(_alle_bereiche_view(site))
        return [path("uebersicht/", view, name="uebersicht"), *original_urls()]

    site.index = index  # type: ignore[method-assign,assignment]
    site.get_urls = get_urls  # type: ignore[method-assign]


def board_context(request: HttpRequest) -> dict[str, Any]:
    """The board, for every programme or the one chosen by ``?programm=<id>`` (kept in the URL,
    so a bookmark or a shared link shows the same counts)."""
    if not may_see_board(request.user):
        return {}
    programmes = programme_for(request)
    programm = chosen(programmes, request.GET.get(PARAMETER))
    tiles = board_for(user=request.user, programm=programm)  # type: ignore[arg-type]
    return {
        "board": grouped(tiles),
        "title": _("What to do"),
        "programmes": programmes if several(programmes) else [],
        "programm": programm,
    }


def task_groups(app_list: list[dict[str, Any]]) -> list[tuple[Promise, list[dict[str, Any]]]]:
    """The models the user may see (the admin's own app list), regrouped by task."""
    buckets: dict[Promise, list[dict[str, Any]]] = {name: [] for name, _ in TASKS}
    buckets[ADMINISTRATION] = []
    for app in app_list:
        for model in app["models"]:
            label = f"{app['app_label']}.{model['object_name'].lower()}"
            task = next((name for name, labels in TASKS if label in labels), ADMINISTRATION)
            buckets[task].append(model)
    return [(name, models) for name, models in buckets.items() if models]


def _alle_bereiche_view(site: AdminSite) -> Callable[[HttpRequest], HttpResponse]:
    def alle_bereiche(request: HttpRequest) -> HttpResponse:
        context = {
            **site.each_context(request),
            "title": _("All areas"),
            "groups": task_groups(site.get_app_list(request)),
        }
        return TemplateResponse(request, "admin/arbeitsplatz/alle_bereiche.html", context)

    return alle_bereiche
