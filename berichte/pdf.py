"""The annual report as PDF, with the safeguarding app's safe renderer (static files only)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from django.utils import timezone, translation

from berichte import tabellen, zahlen
from berichte.models import Jahresbericht
from berichte.selectors import bericht_for
from berichte.typen import Bericht
from programme.selectors import programme_list, several
from schutzkonzept.pdf import private_path, render_pdf
from wegbegleitung.models import Region


def render_jahresbericht_pdf(bericht: Jahresbericht, *, progress: Callable[[int], None]) -> str:
    """Figures (30 %), charts and tables (60 %), PDF (90 %); returns the private path."""
    von, bis = zahlen.calendar_year(bericht.jahr)
    assert bericht.requested_by is not None
    figures = bericht_for(
        user=bericht.requested_by, region_ids=bericht.region_ids, von=von, bis=bis
    )
    per_programme = _per_programme(bericht, von, bis)
    progress(30)
    with translation.override("de"):
        tables = tabellen.all_tables(figures)
        charts = tabellen.charts(figures)
        if per_programme:
            tables["nach_programm"] = tabellen.nach_programm(per_programme)
    progress(60)
    regions = Region.objects.filter(pk__in=bericht.region_ids).order_by("name")
    content = render_pdf(
        "berichte/pdf/jahresbericht.html",
        {
            "bericht": bericht,
            "b": figures,
            "tables": tables,
            "charts": charts,
            "regions": [r.name for r in regions],
            "created": timezone.localtime(),
        },
    )
    progress(90)
    relative = f"berichte/jahresbericht/{uuid.uuid4().hex}.pdf"
    target = private_path(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return relative


def _per_programme(bericht: Jahresbericht, von: date, bis: date) -> list[tuple[str, Bericht]]:
    """The report once per programme, while the association runs several (else nothing)."""
    programmes = programme_list()
    if not several(programmes):
        return []
    assert bericht.requested_by is not None
    return [
        (p.name, bericht_for(user=bericht.requested_by, region_ids=bericht.region_ids,
                             von=von, bis=bis, programm=p))
        for p in programmes
    ]  # fmt: skip
