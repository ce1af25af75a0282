"""The certificate as PDF, with the safeguarding app's safe renderer and stylesheet."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.utils import timezone

from nachweise.figures import Figures
from nachweise.models import Nachweis
from schutzkonzept.pdf import private_path, render_pdf


def render_nachweis_pdf(nachweis: Nachweis) -> None:
    """Render, store privately and replace a previous file; sets ``pdf`` (not saved)."""
    user = nachweis.wegbegleiter.user
    figures = Figures.from_json(nachweis.figures)
    content = render_pdf(
        "nachweise/pdf/nachweis.html",
        {
            "nachweis": nachweis,
            "name": user.get_full_name() or user.email,
            "figures": figures,
            # certificates frozen before programmes existed: the default programme's wording
            "programme": ", ".join(figures.programme) or settings.WB_NACHWEIS_PROGRAMM,
            "signed_on": timezone.localdate(nachweis.signed_at),
        },
    )
    relative = f"nachweise/{uuid.uuid4().hex}.pdf"
    target = private_path(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    old, nachweis.pdf = nachweis.pdf, relative
    if old:
        private_path(old).unlink(missing_ok=True)
