"""Preview and confirm an import.

Rules:
- nothing is written by the preview; the confirmation checks every row again (the preview is not
  trusted: the platform may have changed in between) and writes all rows that may be created in
  one transaction; if a service still refuses a row then, nothing is written and the message
  names the line;
- a coordinator imports only into her own regions (``permissions.can_import_into``);
- the import itself is audited with its kind, region and counts (no personal data); each created
  record carries the audit event of the service that created it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from uebernahme.arten import ARTEN
from uebernahme.permissions import can_import_into
from uebernahme.reading import Row
from uebernahme.rows import CREATE, RowResult, messages_of
from wegbegleitung.models import Region, User
from wegbegleitung.services.audit import audit_log


def _check(acting_user: User, region: Region, art: str) -> None:
    if art not in ARTEN:
        raise ValidationError(_("Unknown kind of import."))
    if not can_import_into(acting_user, region):
        raise PermissionDenied(_("You may only import into your own regions."))


def uebernahme_preview(
    *, acting_user: User, region: Region, art: str, rows: Sequence[Row]
) -> list[RowResult]:
    """Each row as it will be created, skipped (already there) or refused with the reason."""
    _check(acting_user, region, art)
    return ARTEN[art].check(acting_user, region, rows)


@transaction.atomic
def uebernahme_confirm(
    *, acting_user: User, region: Region, art: str, rows: Sequence[Row]
) -> dict[str, int]:
    """Write every row that may be created, in one transaction; return the counts."""
    results = uebernahme_preview(acting_user=acting_user, region=region, art=art, rows=rows)
    for result in results:
        if result.outcome != CREATE:
            continue
        try:
            ARTEN[art].create(acting_user, region, result.plan)
        except (ValidationError, PermissionDenied) as exc:
            message = messages_of(exc) if isinstance(exc, ValidationError) else str(exc)
            raise ValidationError(
                _("Line %(line)d: %(reason)s Nothing was imported.")
                % {"line": result.line, "reason": message}
            ) from exc
    counts = dict(Counter(r.outcome for r in results))
    audit_log(
        actor=acting_user,
        action="region.import",
        obj=region,
        details={"art": art, **counts},
    )
    return counts
