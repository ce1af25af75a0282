from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from wegbegleitung import views

admin.autodiscover()
# The admin login goes through allauth: its rate limits and two-factor login apply there too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("wegbegleiter-werden/", views.become_mentor, name="become_mentor"),
    path("forschung/", include("forschung.research_urls")),
    path("einladung/<str:token>/", views.einladung_accept_view, name="einladung_accept"),
    path("konto/", include("allauth.urls")),
    path("portal/", include("wegbegleitung.portal_urls")),
    path("benachrichtigungen/", include("wegbegleitung.notifications.urls")),
    path("einrichtung/", include("einrichtungen.urls")),
    path("schutz/", include("schutzkonzept.urls")),
    path("begleitung/", include("matching.urls")),
    path("exporte/", include(("wegbegleitung.exports.urls", "exporte"))),
    path("studie/", include("forschung.urls")),
    path("jung/", include("forschung.jung_urls")),
    path("nachweis/", include("nachweise.urls")),
    path("auslagen/", include("auslagen.urls")),
    path("netzwerk/", include("netzwerk.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
