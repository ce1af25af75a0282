from django.urls import path

from forschung import jung_views, views

app_name = "forschung"
urlpatterns = [
    path("", views.start, name="start"),
    path("einwilligung/", views.einwilligung, name="einwilligung"),
    path("<int:begleitung_id>/<slug:code>/<int:nummer>/", views.welle, name="welle"),
    path("jugendliche/<int:pk>/einladen/", jung_views.einladen, name="jugend_einladen"),
]
