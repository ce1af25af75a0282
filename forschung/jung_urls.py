"""The young person's own pages (``/jung/``)."""

from django.urls import path

from forschung import jung_views

app_name = "jung"
urlpatterns = [
    path("", jung_views.start, name="start"),
    path("fragebogen/<int:begleitung_id>/<slug:code>/<int:nummer>/", jung_views.welle,
         name="welle"),
    path("einwilligung/", jung_views.einwilligung_geben, name="einwilligung_geben"),
    path("meine-daten.<str:fmt>", jung_views.meine_daten, name="meine_daten"),
    path("loeschen/", jung_views.loeschantrag, name="loeschantrag"),
    path("loeschen/zurueckziehen/", jung_views.loeschantrag_zurueckziehen,
         name="loeschantrag_zurueckziehen"),
    path("einwilligung/<int:pk>/widerrufen/", jung_views.einwilligung_widerrufen,
         name="einwilligung_widerrufen"),
]  # fmt: skip
