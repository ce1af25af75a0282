"""Receipts: checked by their content, stored privately, streamed only by a checked view.

The type is read from the first bytes (the "magic"), never from the name or the browser's
content type: a text file named ``beleg.png`` is refused. Accepted: JPEG, PNG, PDF, up to
WB_EXPENSE_RECEIPT_MAX_BYTES. Files live below ``PRIVATE_FILES_ROOT/auslagen/`` under a random
name; the row keeps the relative path.
"""

from __future__ import annotations

import uuid
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from schutzkonzept.pdf import private_path

# (magic bytes, content type, file extension)
KNOWN = (
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"%PDF-", "application/pdf", "pdf"),
)
EXTENSIONS = {content_type: ext for _magic, content_type, ext in KNOWN}


def sniff(head: bytes) -> str | None:
    """The content type the bytes really have, or None."""
    return next((t for magic, t, _ext in KNOWN if head.startswith(magic)), None)


def read_checked(upload: IO[bytes], size: int) -> tuple[bytes, str]:
    """The receipt's bytes and type; a German refusal when too large or of another type."""
    limit = settings.WB_EXPENSE_RECEIPT_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("The receipt is too large: at most %(size)s, please take a smaller photo.")
            % {"size": filesizeformat(limit)}
        )
    content = upload.read(limit + 1)
    if len(content) > limit:  # the size the browser claimed was wrong
        raise ValidationError(_("The receipt is too large."))
    content_type = sniff(content[:16])
    if content_type is None:
        raise ValidationError(
            _("The receipt must be a photo (JPEG or PNG) or a PDF. This file is neither.")
        )
    return content, content_type


def store(content: bytes, content_type: str) -> str:
    relative = f"auslagen/{uuid.uuid4().hex}.{EXTENSIONS[content_type]}"
    target = private_path(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return relative


def remove(relative: str) -> None:
    if relative:
        private_path(relative).unlink(missing_ok=True)
