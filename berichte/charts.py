"""Bar charts drawn on the server as SVG: the same markup in the admin page and in the PDF.

Readable without colour: every bar carries its value as text, a second series is hatched (not
only a different colour), and the legend is text. Each chart is an ``<svg role="img">`` with a
``<title>`` and ``aria-labelledby``; the page shows the same numbers in a table beside it.
No JavaScript, no inline styles (the Content Security Policy forbids them): presentation
attributes only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
BAR_AREA = 170  # height of the tallest bar
TOP = 26  # room for the legend
LABEL_ROOM = 34  # below the bars: the category labels
FILLS = ("#1f4e79", "url(#{id}-hatch)")


@dataclass(frozen=True)
class Reihe:
    """One series: its name (for the legend) and a value per category."""

    name: str
    values: Sequence[float]


def _fmt(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return str(number_format(round(value, 1), 1))


def bar_chart(
    *, chart_id: str, title: str, categories: Sequence[str], reihen: Sequence[Reihe]
) -> SafeString:
    """Grouped vertical bars, one group per category (a month, a reason, a stage)."""
    groups = max(len(categories), 1)
    per_bar = (WIDTH - 20) / groups / (len(reihen) + 0.6)
    peak = max([v for r in reihen for v in r.values] + [0]) or 1
    height = TOP + BAR_AREA + LABEL_ROOM
    parts: list[SafeString] = [_defs(chart_id), _legend(chart_id, reihen)]
    for g, category in enumerate(categories):
        x0 = 10 + g * (WIDTH - 20) / groups + per_bar * 0.3
        for s, reihe in enumerate(reihen):
            parts.append(_bar(chart_id, s, x0 + s * per_bar, per_bar, reihe.values[g], peak))
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>',
                round(x0 + per_bar * len(reihen) / 2, 1),
                TOP + BAR_AREA + 16,
                category,
            )
        )
    parts.append(
        format_html(
            '<line x1="10" y1="{y}" x2="{x}" y2="{y}" stroke="#333" stroke-width="1"/>',
            y=TOP + BAR_AREA,
            x=WIDTH - 10,
        )
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{id}-title" '
        'class="bericht-chart" id="{id}" viewBox="0 0 {w} {h}" width="{w}" height="{h}">'
        '<title id="{id}-title">{title}</title>{body}</svg>',
        id=chart_id,
        w=WIDTH,
        h=height,
        title=title,
        body=mark_safe("".join(parts)),  # noqa: S308 - every part was built by format_html
    )


def _defs(chart_id: str) -> SafeString:
    return format_html(
        '<defs><pattern id="{}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#b34700" stroke-width="3"/></pattern></defs>',
        chart_id,
    )


def _fill(chart_id: str, series: int) -> str:
    return FILLS[series % len(FILLS)].format(id=chart_id)


def _legend(chart_id: str, reihen: Sequence[Reihe]) -> SafeString:
    return format_html_join(
        "",
        '<rect x="{}" y="6" width="14" height="12" fill="{}" stroke="#333"/>'
        '<text x="{}" y="16" font-size="11">{}</text>',
        (
            (10 + i * 200, _fill(chart_id, i), 30 + i * 200, reihe.name)
            for i, reihe in enumerate(reihen)
        ),
    )


def _bar(
    chart_id: str, series: int, x: float, width: float, value: float, peak: float
) -> SafeString:
    bar = BAR_AREA * value / peak
    y = TOP + BAR_AREA - bar
    return format_html(
        '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}" stroke="#333" '
        'stroke-width="0.5"/><text x="{tx}" y="{ty}" font-size="10" '
        'text-anchor="middle">{label}</text>',
        x=round(x, 1),
        y=round(y, 1),
        w=round(width * 0.9, 1),
        h=round(bar, 1),
        fill=_fill(chart_id, series),
        tx=round(x + width * 0.45, 1),
        ty=round(y - 3, 1),
        label=_fmt(value),
    )
