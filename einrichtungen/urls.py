from django.urls import path

from einrichtungen import views

app_name = "einrichtungen"
urlpatterns = [
    path("", views.start, name="start"),
]
