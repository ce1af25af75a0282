"""The one clearance function: its rules, its agreement with the list form, its single use."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from schutzkonzept.clearance import (
    annotate_clearance,
    certificate_valid_until,
    clearance_for,
    only_cleared,
)
from schutzkonzept.dates import add_months, last_date_reaching
from tests.schutzkonzept.factories import (
    FuehrungszeugnisFactory,
    SchutzschulungFactory,
    make_cleared,
    make_kodex,
    make_wegbegleiter,
    sign,
)
from wegbegleitung.models import Wegbegleiter

REPO = Path(__file__).resolve().parents[2]


def _is_cleared(row: Any) -> bool:
    return row.is_cleared  # type: ignore[no-any-return]


def _listed(wegbegleiter):
    return _is_cleared(annotate_clearance(Wegbegleiter.objects.filter(pk=wegbegleiter.pk)).get())


def test_a_volunteer_with_everything_is_cleared(wb_a, kodex):
    make_cleared(wb_a, kodex=kodex)
    clearance = clearance_for(wb_a)
    assert clearance.cleared and clearance.missing == []
    assert _listed(wb_a) is True


def test_nothing_recorded_lists_all_three_missing_items(wb_a, kodex):
    clearance = clearance_for(wb_a)
    assert not clearance.cleared
    assert len(clearance.missing) == 3
    assert _listed(wb_a) is False


def test_without_a_published_code_of_conduct_nobody_is_cleared(wb_a):
    make_kodex(draft=True)
    FuehrungszeugnisFactory(wegbegleiter=wb_a)
    SchutzschulungFactory(wegbegleiter=wb_a)
    clearance = clearance_for(wb_a)
    assert not clearance.cleared
    assert any("published" in m or "veröffentlicht" in m for m in clearance.missing)


def test_certificate_validity_ends_exactly_five_years_after_issue(region_a, kodex):
    today = timezone.localdate()
    last_expired = last_date_reaching(today, 60)  # issued that day: five years are over today
    for n, issued in enumerate([last_expired, last_expired + timedelta(days=1)]):
        w = make_wegbegleiter(region_a, email=f"cert{n}@example.org")
        FuehrungszeugnisFactory(wegbegleiter=w, issued_on=issued, inspected_on=issued)
        sign(w, kodex)
        SchutzschulungFactory(wegbegleiter=w)
        clearance = clearance_for(w)
        assert clearance.certificate_valid_until == add_months(issued, 60)
        assert clearance.cleared is bool(n) and _listed(w) is bool(n)
        if not n:
            assert clearance.certificate_valid_until <= today
            assert any("expired" in m or "abgelaufen" in m for m in clearance.missing)
        else:
            assert clearance.certificate_valid_until > today


def test_validity_ends_on_the_anniversary_of_issue(settings):
    settings.WB_CERTIFICATE_VALID_YEARS = 5
    assert certificate_valid_until(date(2021, 3, 15)) == date(2026, 3, 15)
    assert certificate_valid_until(date(2024, 2, 29)) == date(2029, 2, 28)


def test_latest_inspection_counts_and_a_conviction_makes_clearance_impossible(wb_a, kodex):
    make_cleared(wb_a, kodex=kodex)
    FuehrungszeugnisFactory(wegbegleiter=wb_a, conviction=True, inspected_on=timezone.localdate())
    clearance = clearance_for(wb_a)
    assert not clearance.cleared and clearance.conviction_listed
    assert not _listed(wb_a)


def test_a_new_code_of_conduct_version_must_be_signed_again(wb_a, kodex):
    make_cleared(wb_a, kodex=kodex)
    assert clearance_for(wb_a).cleared
    new = make_kodex(version=kodex.version + 1)
    assert not clearance_for(wb_a).cleared and not _listed(wb_a)
    sign(wb_a, new)
    assert clearance_for(wb_a).cleared and _listed(wb_a)


def test_a_training_in_the_future_does_not_count(wb_a, kodex):
    FuehrungszeugnisFactory(wegbegleiter=wb_a)
    sign(wb_a, kodex)
    SchutzschulungFactory(wegbegleiter=wb_a, attended_on=timezone.localdate() + timedelta(days=1))
    assert not clearance_for(wb_a).cleared and not _listed(wb_a)


def _states(region, kodex):
    """One volunteer per combination of the three conditions, plus expired and convicted."""
    people = []
    for n, (cert, signed, trained) in enumerate(
        [(c, s, t) for c in (None, "ok", "expired", "conviction") for s in (0, 1) for t in (0, 1)]
    ):
        w = make_wegbegleiter(region, email=f"state{n}@example.org")
        if cert == "ok":
            FuehrungszeugnisFactory(wegbegleiter=w)
        elif cert == "expired":
            FuehrungszeugnisFactory(wegbegleiter=w, expired_certificate=True)
        elif cert == "conviction":
            FuehrungszeugnisFactory(wegbegleiter=w, conviction=True)
        if signed:
            sign(w, kodex)
        if trained:
            SchutzschulungFactory(wegbegleiter=w)
        people.append((w, cert == "ok" and signed and trained))
    return people


def test_list_and_single_volunteer_always_agree(region_a, kodex):
    people = _states(region_a, kodex)
    listed: dict[int, Any] = {w.pk: w for w in annotate_clearance(Wegbegleiter.objects.all())}
    for wegbegleiter, expected in people:
        row = listed[wegbegleiter.pk]
        assert row.is_cleared is bool(expected)
        assert clearance_for(wegbegleiter).cleared is bool(expected)
        assert clearance_for(row).cleared is bool(expected)  # from the annotations


def test_clearance_of_a_whole_list_is_one_query(region_a, kodex, django_assert_num_queries):
    _states(region_a, kodex)
    with django_assert_num_queries(1):
        rows = list(annotate_clearance(Wegbegleiter.objects.select_related("user")))
        reasons = [clearance_for(row).missing for row in rows]
    assert len(rows) == 16 and sum(1 for r in reasons if not r) == 1


def test_a_volunteer_with_an_expired_certificate_is_never_offered(region_a, kodex):
    """Suggestions and proposals take their candidates from ``only_cleared``."""
    cleared = make_wegbegleiter(region_a, email="ok@example.org")
    make_cleared(cleared, kodex=kodex)
    expired = make_wegbegleiter(region_a, email="expired@example.org")
    FuehrungszeugnisFactory(wegbegleiter=expired, expired_certificate=True)
    sign(expired, kodex)
    SchutzschulungFactory(wegbegleiter=expired)
    offered = set(only_cleared(Wegbegleiter.objects.all()).values_list("pk", flat=True))
    assert offered == {cleared.pk}


SAFEGUARDING_MODELS = re.compile(
    r"\b(Fuehrungszeugnis|Unterzeichnung|Schutzschulung|fuehrungszeugnisse|unterzeichnungen"
    r"|schutzschulungen|relevant_conviction)\b"
)


@pytest.mark.parametrize("app", ["wegbegleitung", "einrichtungen", "matching"])
def test_no_other_app_decides_clearance_from_the_records_itself(app):
    """Everything outside schutzkonzept asks ``schutzkonzept.clearance``, never the records."""
    offenders = [
        str(path.relative_to(REPO))
        for path in (REPO / app).rglob("*.py")
        if "migrations" not in path.parts and SAFEGUARDING_MODELS.search(path.read_text())
    ]
    assert offenders == []
