"""The benchmark prints a row for every page of issue 13, each measured with its query count."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from bench.run import NOT_BUILT, measure_all, table
from testdaten.generator import generate

# committed, as in production: what the homes remember is remembered only after a commit
pytestmark = pytest.mark.django_db(transaction=True)


def test_bench_measures_every_page(settings: Any, tmp_path: Path) -> None:
    settings.DEBUG = True
    generate(scale=0.001, seed=2)
    # measure_all switches DEBUG off and adds the bare view's URLs: restored after the test
    settings.ROOT_URLCONF = settings.ROOT_URLCONF
    settings.PRIVATE_FILES_ROOT = tmp_path
    rows = measure_all(runs=1, budget=5.0, throughput_seconds=0.2)
    printed = table(rows)
    pages = {r.page for r in rows}
    expected = {
        "portal start", "diary (most entries)", "staff list", "coordinators' home /admin/",
        "reports /admin/berichte/", "what is due", "suggestions for one request",
        "reminder run (first today)", "reminder run (again, nothing new)", "PDF agreement",
        "PDF code of conduct signed", "PDF confirmation letter", "export of 100,000 rows",
        "throughput portal start (req/s)", "throughput bare view, one row (req/s)",
        "admin list matching.Begleitung", "admin list wegbegleitung.AuditEvent",
        "admin list wegbegleitung.Benachrichtigung",
        "coordinators' home /admin/, first visit after a write", "what is due, first visit after a write",
        "reports /admin/berichte/, first visit after a write",
    }  # fmt: skip
    assert expected <= pages
    assert any(p.startswith("region proposal (") for p in pages)
    from django.contrib import admin

    for model in admin.site._registry:
        assert f"admin list {model._meta.label}" in pages
    for row in rows:
        if row.page.startswith("throughput") or row.note in (NOT_BUILT,) or not row.who:
            continue
        if row.page == "reminder run (again, nothing new)":
            continue  # below
        assert row.median_ms is not None and row.median_ms > 0, row
        assert row.queries is not None and row.queries > 0, row
        assert row.page in printed
    # the pages a person uses answer (admin lists a coordinator may not see say so)
    for row in rows:
        if row.page in ("portal start", "diary (most entries)", "staff list", "what is due"):
            assert row.note == "", row
    # a second reminder run the same day with nothing written in between finds the first one's
    # result: no query (issue 13: nothing new costs < 10 % of a full run)
    by_page = {(r.page, r.who): r for r in rows}
    first_run = by_page["reminder run (first today)", "task"]
    again = by_page["reminder run (again, nothing new)", "task"]
    assert first_run.queries and again.queries == 0 and again.note == first_run.note
    # the first visit after a write computes what a repeat visit finds remembered
    for page, who in [
        ("coordinators' home /admin/", "coordinator"),
        ("what is due", "coordinator"),
        ("reports /admin/berichte/", "coordinator"),
    ]:
        repeat, first = by_page[page, who], by_page[f"{page}, first visit after a write", who]
        assert first.queries is not None and repeat.queries is not None
        assert first.queries > repeat.queries, (first, repeat)
    pdf = next(r for r in rows if r.page == "PDF agreement")
    assert pdf.note.startswith("1 page(s)")
    assert reverse("portal:start")  # the project's URLs are back in place after measuring
