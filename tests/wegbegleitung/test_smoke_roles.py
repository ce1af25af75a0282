from django.contrib.auth.models import Group

from wegbegleitung.roles import ROLE_PERMISSIONS, Role


def test_every_role_exists_as_group_with_its_permissions(db):
    for role in Role:
        group = Group.objects.get(name=role)
        perms = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert perms == set(ROLE_PERMISSIONS[role])
