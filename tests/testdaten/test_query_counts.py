"""Every list of the benchmark asks the database as often with twice the data (issue 13).

The benchmark's own list of pages is measured on a small generated data set, then a second set
of the same size is added and every page is measured again: each list's number of queries must
stay the same. So an N+1 query on any of them — the staff pages, every admin changelist as
coordinator and superuser, the home, the reports, "Was fällig ist", the export — fails here by
name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import bench.run as bench
from bench.run import Row, measure_all
from testdaten.generator import generate

pytestmark = pytest.mark.django_db


ABOUT_ONE_PERSON = ("portal start", "diary", "suggestions", "PDF", "region proposal", "reminder")


def _counts(rows: list[Row]) -> dict[tuple[str, str], int]:
    """The query count of every list and overview, by page and asker.

    Left out: the pages about one person or one request (the mentor's portal and diary, one
    request's suggestions, one agreement's PDFs, the proposal, the reminder run). Their counts
    follow that person's own situation — how many matches she has, which kinds of reminder are
    due — not the size of the data, and are asserted on constructed cases in their own tests
    (tests/matching/test_portal_home.py, test_diary_pages.py, test_ranking.py,
    tests/wegbegleitung/test_notification_reminders.py).
    """
    return {
        (row.page, row.who): row.queries
        for row in rows
        if row.queries is not None and not row.page.startswith(ABOUT_ONE_PERSON)
    }


def test_every_page_asks_as_often_with_twice_the_data(
    settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DEBUG = True
    generate(scale=0.002, seed=3)
    settings.ROOT_URLCONF = settings.ROOT_URLCONF  # restored after the bench's bare view
    settings.PRIVATE_FILES_ROOT = tmp_path
    # the same people ask both times (the busiest mentor may be another one in the larger set)
    same = bench.subjects()
    monkeypatch.setattr(bench, "subjects", lambda: same)
    small = _counts(measure_all(runs=2, budget=5.0, throughput_seconds=0.05))
    settings.DEBUG = True
    generate(scale=0.002, seed=4, domain="zweite.invalid")
    large = _counts(measure_all(runs=2, budget=5.0, throughput_seconds=0.05))
    assert len(small) > 50 and small.keys() == large.keys()
    grown = {page: (small[page], large[page]) for page in small if small[page] != large[page]}
    assert not grown, f"pages asking more often with twice the data: {grown}"
