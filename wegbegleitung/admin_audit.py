"""Every add, change and delete done through the Django admin goes into the audit trail.

Django writes its own ``LogEntry`` for these; the project's trail is ``AuditEvent`` (who, when,
which record, which request), so the admin writes there as well. The site mixes
``AuditedAdminMixin`` into every ModelAdmin it registers, so no admin class has to remember it.

Actions are ``<model name>.admin_add`` / ``.admin_change`` / ``.admin_delete``. Details hold the
names of the changed fields only, never their values nor the record's text (``str(obj)`` is
often a person's name): ``{"fields": [...], "inlines": [{"model": ..., "added": n, ...}]}``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.forms import BaseForm
from django.http import HttpRequest

from wegbegleitung.services.audit import audit_log

_CHANGES = "_wb_admin_changes"


def _inline_changes(formsets: Any) -> list[dict[str, Any]]:
    """Per inline model: how many rows were added, changed and deleted, and which fields."""
    result: list[dict[str, Any]] = []
    for formset in formsets or ():
        added = len(getattr(formset, "new_objects", ()))
        changed = getattr(formset, "changed_objects", ())
        deleted = len(getattr(formset, "deleted_objects", ()))
        if not (added or changed or deleted):
            continue
        fields = sorted({name for _obj, names in changed for name in names})
        result.append(
            {
                "model": formset.model._meta.label_lower,
                "added": added,
                "changed": len(changed),
                "deleted": deleted,
                "fields": fields,
            }
        )
    return result


class AuditedAdminMixin:
    """Overrides the admin's three logging hooks; Django's own LogEntry is still written."""

    def construct_change_message(
        self, request: HttpRequest, form: BaseForm, formsets: Any, add: bool = False
    ) -> Any:
        # the form is known here, not in log_addition/log_change: keep its field names for them
        details: dict[str, Any] = {"fields": sorted(form.changed_data)}
        inlines = _inline_changes(formsets)
        if inlines:
            details["inlines"] = inlines
        setattr(request, _CHANGES, details)
        return super().construct_change_message(request, form, formsets, add)  # type: ignore[misc]

    def log_addition(self, request: HttpRequest, obj: models.Model, message: Any) -> Any:
        with transaction.atomic():
            entry = super().log_addition(request, obj, message)  # type: ignore[misc]
            _audit(request, obj, "admin_add")
        return entry

    def log_change(self, request: HttpRequest, obj: models.Model, message: Any) -> Any:
        with transaction.atomic():
            entry = super().log_change(request, obj, message)  # type: ignore[misc]
            _audit(request, obj, "admin_change")
        return entry

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        objects = list(queryset)  # called before the deletion: the rows still exist
        with transaction.atomic():
            entries = super().log_deletions(request, objects)  # type: ignore[misc]
            for obj in objects:
                audit_log(
                    actor=request.user,  # type: ignore[arg-type]
                    action=f"{obj._meta.model_name}.admin_delete",
                    obj=obj,
                    details={},
                )
        return entries


def _audit(request: HttpRequest, obj: models.Model, verb: str) -> None:
    details: dict[str, Any] = request.__dict__.pop(_CHANGES, None) or {}
    audit_log(
        actor=request.user,  # type: ignore[arg-type]
        action=f"{obj._meta.model_name}.{verb}",
        obj=obj,
        details=details,
    )


class AuditedAdminSite(admin.AdminSite):
    """The admin site; every ModelAdmin registered on it is audited."""

    def register(
        self,
        model_or_iterable: Any,
        admin_class: type[admin.ModelAdmin] | None = None,  # type: ignore[type-arg]
        **options: Any,
    ) -> None:
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, AuditedAdminMixin):
            base = type(base.__name__, (AuditedAdminMixin, base), {"__module__": base.__module__})
        super().register(model_or_iterable, base, **options)
