from django.urls import path

from wegbegleitung import portal_views

app_name = "portal"
urlpatterns = [
    path("", portal_views.start, name="start"),
]
