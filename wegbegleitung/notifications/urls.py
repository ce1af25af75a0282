from django.urls import path

from wegbegleitung.notifications import views

app_name = "benachrichtigungen"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("einstellungen/", views.einstellungen, name="einstellungen"),
]
