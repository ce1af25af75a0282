from django.urls import path

from forschung import views

app_name = "forschung"
urlpatterns = [
    path("", views.start, name="start"),
    path("einwilligung/", views.einwilligung, name="einwilligung"),
    path("<int:begleitung_id>/<slug:code>/<int:nummer>/", views.welle, name="welle"),
]
