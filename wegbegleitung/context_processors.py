from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from wegbegleitung.permissions import is_coordinator
from wegbegleitung.roles import Role


def navigation(request: HttpRequest) -> dict[str, list[tuple[str, str]]]:
    """The links of the main navigation, by role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": [(reverse("home"), _("Home"))]}
    links: list[tuple[str, str]] = []
    if user.has_role(Role.WEGBEGLEITUNG):
        links.append((reverse("portal:start"), _("My portal")))
    if user.has_role(Role.EINRICHTUNG):
        links.append((reverse("einrichtungen:start"), _("Staff area")))
    if is_coordinator(user):
        links.append((reverse("admin:index"), _("Administration")))
    if user.has_role(Role.FORSCHUNG):
        links.append((reverse("forschung_start"), _("Research")))
    if user.has_role(Role.JUGENDLICHE):
        links.append((reverse("jung:start"), _("My page")))
    links.append((reverse("benachrichtigungen:inbox"), _("Notifications")))
    links.append((reverse("account_email"), _("Account")))
    return {"nav_links": links}
