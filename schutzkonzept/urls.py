from django.urls import path

from schutzkonzept import views

app_name = "schutzkonzept"
urlpatterns = [
    path("", views.uebersicht, name="uebersicht"),
    path("verhaltenskodex/", views.verhaltenskodex, name="verhaltenskodex"),
    path("verhaltenskodex/<int:pk>/pdf/", views.unterzeichnung_pdf, name="unterzeichnung_pdf"),
    path("bestaetigung/", views.bestaetigung_request, name="bestaetigung_request"),
    path("bestaetigung/<int:pk>/pdf/", views.bestaetigung_pdf, name="bestaetigung_pdf"),
    path("meldung/", views.meldung_new, name="meldung_new"),
    path("sag-es-uns/", views.jugend_meldung, name="jugend_meldung"),
    path("meldungen/", views.meldung_list, name="meldung_list"),
    path("meldungen/<int:pk>/", views.meldung_detail, name="meldung_detail"),
]
