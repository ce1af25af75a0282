from django.urls import path

from auslagen import views

app_name = "auslagen"
urlpatterns = [
    path("", views.auslage_list, name="list"),
    path("neu/", views.auslage_create, name="create"),
    path("<int:pk>/beleg/", views.receipt, name="receipt"),
]
