from django.urls import path

from nachweise import views

app_name = "nachweise"
urlpatterns = [
    path("", views.portal, name="portal"),
    path("<int:pk>/pdf/", views.download, name="download"),
]
