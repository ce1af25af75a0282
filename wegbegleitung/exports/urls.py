from django.urls import path

from wegbegleitung.exports import views

urlpatterns = [
    path("auftrag/<int:pk>/", views.status, name="status"),
    path("auftrag/<int:pk>/datei/", views.download, name="download"),
    path("<str:name>/", views.start, name="start"),
]
