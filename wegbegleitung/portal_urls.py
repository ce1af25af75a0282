from django.urls import path

from wegbegleitung import personal_data_views, portal_views

app_name = "portal"
urlpatterns = [
    path("", portal_views.start, name="start"),
    path("bewerbung/", portal_views.bewerbung, name="bewerbung"),
    path("supervision/", portal_views.supervision, name="supervision"),
    path(
        "supervision/<int:pk>/antwort/",
        portal_views.supervision_answer,
        name="supervision_answer",
    ),
    path("status/<slug:action>/", portal_views.status_change, name="status_change"),
    path("konto-loeschen/", portal_views.delete_account, name="delete_account"),
    path("meine-daten/", personal_data_views.portal_page, name="my_data"),
    path(
        "meine-daten/loeschen/",
        personal_data_views.portal_erasure_request,
        name="erasure_request",
    ),
    path(
        "meine-daten/loeschen/zurueckziehen/",
        personal_data_views.portal_erasure_withdraw,
        name="erasure_request_withdraw",
    ),
    path(
        "meine-daten/<slug:fmt>/",
        personal_data_views.portal_download,
        name="my_data_download",
    ),
]
