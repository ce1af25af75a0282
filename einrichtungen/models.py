from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class Einrichtung(models.Model):
    """A cooperating residential youth-welfare facility.

    Its staff are the members of ``staff_group``; that group holds the object permissions on the
    facility (django-guardian, direct foreign keys below), so access follows group membership.
    """

    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        "wegbegleitung.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="einrichtungen",
    )
    staff_group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="einrichtung", editable=False
    )

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["name"]
        permissions = [("work_in_einrichtung", _("Work with the young people of the facility"))]

    def __str__(self) -> str:
        return self.name


class EinrichtungUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Einrichtung, on_delete=models.CASCADE)


class EinrichtungGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Einrichtung, on_delete=models.CASCADE)
