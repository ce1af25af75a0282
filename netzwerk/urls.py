from django.urls import path

from netzwerk import views

app_name = "netzwerk"
urlpatterns = [
    path("", views.start, name="start"),
    path("veranstaltungen/", views.veranstaltungen, name="veranstaltungen"),
    path("veranstaltungen/<int:pk>/", views.veranstaltung, name="veranstaltung"),
    path("veranstaltungen/<int:pk>/anmelden/", views.anmelden, name="anmelden"),
    path("veranstaltungen/<int:pk>/absagen/", views.absagen, name="absagen"),
    path("veranstaltungen/<int:pk>/kalender.ics", views.ical, name="ical"),
    path("einspringen/", views.anfragen, name="anfragen"),
    path("einspringen/<int:pk>/", views.anfrage, name="anfrage"),
]
