"""The research role's URLs (``/forschung/``), named without a namespace as before."""

from django.urls import path

from forschung import research_views

urlpatterns = [
    path("", research_views.start, name="forschung_start"),
    path(
        "<int:instrument_id>/<slug:kind>.<slug:fmt>",
        research_views.download,
        name="forschung_download",
    ),
]
