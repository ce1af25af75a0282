from django.urls import path

from einrichtungen import familien_views, views

app_name = "einrichtungen"
urlpatterns = [
    path("", views.start, name="start"),
    path("jugendliche/neu/", views.jugendliche_create, name="jugendliche_create"),
    path("jugendliche/<int:pk>/", views.jugendliche_detail, name="jugendliche_detail"),
    path("jugendliche/<int:pk>/bearbeiten/", views.jugendliche_update, name="jugendliche_update"),
    path("jugendliche/<int:pk>/auszug/", views.jugendliche_auszug, name="jugendliche_auszug"),
    path(
        "jugendliche/<int:pk>/einwilligung/",
        views.einwilligung_create,
        name="einwilligung_create",
    ),
    path(
        "jugendliche/<int:pk>/elternteil/",
        familien_views.elternteil_create,
        name="elternteil_create",
    ),
    path("jugendliche/<int:pk>/kind/", familien_views.kind_create, name="kind_create"),
    path("jugendliche/<int:pk>/anfrage/", views.anfrage_create, name="anfrage_create"),
    path(
        "jugendliche/<int:pk>/hilfeplangespraech/",
        views.hilfeplangespraech_create,
        name="hilfeplangespraech_create",
    ),
    path(
        "einwilligungen/<int:pk>/widerrufen/",
        views.einwilligung_revoke,
        name="einwilligung_revoke",
    ),
    path("anfragen/", views.anfrage_list, name="anfrage_list"),
    path("anfragen/<int:pk>/zurueckziehen/", views.anfrage_withdraw, name="anfrage_withdraw"),
    path(
        "hilfeplangespraeche/<int:pk>/",
        views.hilfeplangespraech_detail,
        name="hilfeplangespraech_detail",
    ),
    path(
        "hilfeplangespraeche/<int:pk>/bearbeiten/",
        views.hilfeplangespraech_update,
        name="hilfeplangespraech_update",
    ),
    path("team/<int:pk>/", views.team, name="team"),
]
