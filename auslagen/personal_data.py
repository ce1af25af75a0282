"""The volunteer's expenses in the data download and the erasure plan (``wegbegleitung.personal_data``,
``wegbegleitung.erasure``) and in the one retention schedule (``wegbegleitung.retention``).

An expense is the volunteer's own record (what she spent, when, for what, and the decision); who
decided it is a staff member's data and left out, as is the receipt's storage path (the receipt
itself downloads from the portal). Expenses are vouchers of the association's bookkeeping, so an
erasure keeps them until WB_RETENTION_EXPENSE_MONTHS after their date; the schedule deletes them
then, receipts included (``auslagen.retention`` removes the files after the commit).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from auslagen.models import Auslage
from wegbegleitung import erasure, personal_data, retention
from wegbegleitung.erasure import Action, Step
from wegbegleitung.personal_data import Kind, Section, Subject, section


def collect(subject: Subject) -> list[Section]:
    if subject.kind != Kind.WEGBEGLEITER:
        return []
    rows = Auslage.objects.filter(begleitung__wegbegleiter_id=subject.pk).order_by("datum", "pk")
    return [section("expenses", _("Expenses"), rows, exclude=("beleg", "beleg_typ"))]


def erase(subject: Subject, *, execute: bool) -> list[Step]:
    if subject.kind != Kind.WEGBEGLEITER:
        return []
    kept = Auslage.objects.filter(begleitung__wegbegleiter_id=subject.pk).count()
    if not kept:
        return []
    reason = _(
        "Expenses and their receipts are vouchers of the association's bookkeeping, which it must "
        "keep (§ 147 AO, § 132 BAO, Art. 958f OR; GDPR Art. 17(3)(b))"
    )
    until = str(_("%(months)s months after the expense's date (WB_RETENTION_EXPENSE_MONTHS)")) % {
        "months": settings.WB_RETENTION_EXPENSE_MONTHS
    }
    return [Step(_("Expenses"), Action.KEEP, kept, reason, until)]


def _expired(today: date) -> list[int]:
    cutoff = retention.months_back(today, settings.WB_RETENTION_EXPENSE_MONTHS)
    return list(Auslage.objects.filter(datum__lt=cutoff).values_list("pk", flat=True))


def _purge(today: date) -> int:
    ids = _expired(today)
    # one by one through the ORM, so each receipt file goes after the commit (auslagen.retention)
    for expense in Auslage.objects.filter(pk__in=ids):
        expense.delete()
    return len(ids)


def connect() -> None:
    personal_data.register("auslagen", collect)
    erasure.register("auslagen", erase)
    retention.register(retention.Kind(
        "expenses", _("Expenses and receipts"), "WB_RETENTION_EXPENSE_MONTHS",
        lambda today: len(_expired(today)), _purge, order=45,
    ))  # fmt: skip
