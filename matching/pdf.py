"""The agreement as PDF, made with the safeguarding app's safe renderer (static files only)."""

from __future__ import annotations

import uuid

from matching.models import Bestaetigung, Partei, Vereinbarung
from schutzkonzept.pdf import private_path, render_pdf


def render_agreement(vereinbarung: Vereinbarung, confirmations: list[Bestaetigung]) -> None:
    """Render, store privately, replace (and delete) the previous file; sets ``pdf``."""
    begleitung = vereinbarung.begleitung
    by_party = {c.partei: c for c in confirmations}
    content = render_pdf(
        "matching/pdf/vereinbarung.html",
        {
            "vereinbarung": vereinbarung,
            "begleitung": begleitung,
            "jugendliche": begleitung.jugendliche,
            "mentor": begleitung.wegbegleiter.user,
            "parties": [(label, by_party.get(value)) for value, label in Partei.choices],
            "complete": len(by_party) == len(Partei.values),
        },
    )
    relative = f"matching/vereinbarung/{uuid.uuid4().hex}.pdf"
    target = private_path(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    old = vereinbarung.pdf
    vereinbarung.pdf = relative
    if old:
        private_path(old).unlink(missing_ok=True)
