"""Expenses in the data download, the erasure plan and the retention schedule."""

from __future__ import annotations

from datetime import date

from django.test import override_settings

from auslagen.models import Auslage
from schutzkonzept.pdf import private_path
from tests.auslagen.conftest import PDF, Cast, receipt, submit
from wegbegleitung import erasure, personal_data
from wegbegleitung.erasure import Action
from wegbegleitung.personal_data import Kind, Subject
from wegbegleitung.services.retention import retention_apply


def _sections(subject: Subject) -> dict[str, object]:
    return {s.key: s for s in personal_data.collect(subject).sources["auslagen"]}


def test_a_volunteers_download_holds_her_expenses_and_nobody_elses(cast: Cast):
    submit(cast, zweck="Bustickets zum Zoo")
    Auslage.objects.create(
        begleitung=cast.otto_match, art="ticket", datum=date(2026, 3, 1), zweck="Kino mit Kemal",
        betrag_cent=700,
    )  # fmt: skip
    expenses = _sections(Subject(Kind.WEGBEGLEITER, cast.vera.pk))["expenses"]
    text = str(expenses)
    assert "Bustickets zum Zoo" in text and "Kino mit Kemal" not in text
    assert "auslagen/" not in text  # the receipt's storage path is not hers to read


def test_erasure_keeps_expenses_as_bookkeeping_vouchers_with_the_reason(cast: Cast, settings):
    submit(cast)
    [step] = erasure.registered()["auslagen"](
        Subject(Kind.WEGBEGLEITER, cast.vera.pk), execute=False
    )
    assert step.action == Action.KEEP and step.count == 1
    assert "147 AO" in str(step.reason) and "120 Monate" in str(step.until)


@override_settings(WB_RETENTION_EXPENSE_MONTHS=96)
def test_expenses_go_with_their_receipts_eight_years_after_their_date(
    cast: Cast, django_capture_on_commit_callbacks
):
    expense = submit(cast, datum=date(2026, 3, 10), beleg=receipt(PDF))
    path = private_path(expense.beleg)
    # 96 months after 10.03.2026 is 10.03.2034: on that day the expense is not yet older
    with django_capture_on_commit_callbacks(execute=True):
        retention_apply(today=date(2034, 3, 10))
    assert Auslage.objects.filter(pk=expense.pk).exists() and path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        retention_apply(today=date(2034, 3, 11))
    assert not Auslage.objects.filter(pk=expense.pk).exists()
    assert not path.exists()
