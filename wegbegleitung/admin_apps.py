"""``django.contrib.admin`` with the audited site (listed in INSTALLED_APPS in its place).

Kept apart from ``wegbegleitung.admin_audit`` because INSTALLED_APPS imports this module before
the models are ready; the site class is imported by name when the admin starts.
"""

from django.contrib.admin.apps import AdminConfig


class AuditedAdminConfig(AdminConfig):
    default_site = "wegbegleitung.admin_audit.AuditedAdminSite"
