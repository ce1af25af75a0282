from django.urls import path

from matching import views

app_name = "matching"
urlpatterns = [
    path("", views.portal, name="portal"),
    path("<int:pk>/bestaetigen/", views.confirm, name="confirm"),
    path("<int:pk>/treffen/neu/", views.treffen_create, name="treffen_create"),
    path("treffen/<int:pk>/", views.treffen_update, name="treffen_update"),
    path("<int:pk>/vereinbarung.pdf", views.vereinbarung_pdf, name="vereinbarung_pdf"),
    path("einrichtung/", views.staff_list, name="staff_list"),
    path("einrichtung/jugendliche/<int:pk>/wuensche/", views.wunsch, name="wunsch"),
    path(
        "einrichtung/<int:pk>/bestaetigen/<slug:partei>/",
        views.staff_confirm,
        name="staff_confirm",
    ),
]
