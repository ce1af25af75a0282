"""Writing the audit trail.

Rules: every write to personal data records who, when, what and in which request (GDPR Art. 5(2),
30: accountability); every read of a young person's record too (§§ 61-65 SGB VIII). Details never
contain the personal data itself, so a deletion can be audited without keeping what was deleted.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from wegbegleitung.models import AuditEvent, User
from wegbegleitung.request_context import current_request_id


def audit_log(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    known_actor = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        actor=known_actor,
        actor_label=known_actor.email if known_actor else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        request_id=current_request_id(),
        details=details or {},
    )


def audit_read(*, actor: User, obj: models.Model, what: str = "view") -> AuditEvent:
    """Record that ``actor`` opened ``obj`` (views call this for sensitive records)."""
    return audit_log(actor=actor, action=f"{obj._meta.model_name}.{what}", obj=obj)


def changed_fields(instance: models.Model, data: dict[str, Any]) -> list[str]:
    """The names of the fields whose value ``data`` changes: for audit details without values."""
    return sorted(name for name, value in data.items() if getattr(instance, name) != value)
