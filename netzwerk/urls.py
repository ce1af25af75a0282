from django.urls import path

from netzwerk import veranstalter_views, views

app_name = "netzwerk"
urlpatterns = [
    path("", views.start, name="start"),
    path("veranstaltungen/", views.veranstaltungen, name="veranstaltungen"),
    path("veranstaltungen/<int:pk>/", views.veranstaltung, name="veranstaltung"),
    path("veranstaltungen/<int:pk>/anmelden/", views.anmelden, name="anmelden"),
    path("veranstaltungen/<int:pk>/absagen/", views.absagen, name="absagen"),
    path("veranstaltungen/<int:pk>/kalender.ics", views.ical, name="ical"),
    # the organiser's pages: leads of a member provider's facilities
    path("veranstalten/", veranstalter_views.veranstalten, name="veranstalten"),
    path("veranstaltungen/<int:pk>/bearbeiten/", veranstalter_views.bearbeiten, name="bearbeiten"),
    path("veranstaltungen/<int:pk>/absage/", veranstalter_views.absage, name="absage"),
    path(
        "veranstaltungen/<int:pk>/anwesenheit/", veranstalter_views.anwesenheit, name="anwesenheit"
    ),
    path("einspringen/", views.anfragen, name="anfragen"),
    path("einspringen/<int:pk>/", views.anfrage, name="anfrage"),
]
