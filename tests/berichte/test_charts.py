"""The SVG charts read without colour: value labels, a hatched second series, a text legend."""

from __future__ import annotations

import re

from berichte.charts import Reihe, bar_chart


def test_a_chart_names_itself_and_labels_every_bar():
    svg = str(
        bar_chart(
            chart_id="c",
            title="Begonnen & beendet",
            categories=["Jan 25", "Feb 25"],
            reihen=[Reihe("Begonnen", [3, 0]), Reihe("Beendet", [1, 2.5])],
        )
    )
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-labelledby="c-title"' in svg
    assert '<title id="c-title">Begonnen &amp; beendet</title>' in svg
    labels = re.findall(r'text-anchor="middle">([^<]*)</text>', svg)
    assert labels == ["3", "1", "Jan 25", "0", "2,5", "Feb 25"]  # every bar says its value
    assert 'fill="url(#c-hatch)"' in svg and "<pattern" in svg  # second series: hatched
    assert ">Begonnen</text>" in svg and ">Beendet</text>" in svg  # the legend is text
    assert "style=" not in svg and "<script" not in svg  # the CSP allows neither


def test_an_empty_chart_draws_no_bar_height_and_no_error():
    svg = str(bar_chart(chart_id="e", title="Leer", categories=[], reihen=[Reihe("x", [])]))
    assert "<title" in svg and 'stroke-width="0.5"' not in svg  # no bar at all
