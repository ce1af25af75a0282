"""The reports' filter (region, programme and period) and the annual report request."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from einrichtungen.forms import DateInput
from programme.models import Programm
from programme.selectors import programme_list, several
from schutzkonzept.dates import add_months
from wegbegleitung.models import Region

EARLIEST_YEAR = 2000  # nothing of the association's work happened before
MAX_YEARS = 10


def last_full_months(today: date | None = None, months: int = 12) -> tuple[date, date]:
    """The default period: the last ``months`` full calendar months before today's month."""
    first_of_month = (today or timezone.localdate()).replace(day=1)
    return add_months(first_of_month, -months), first_of_month - timedelta(days=1)


def last_calendar_year(today: date | None = None) -> tuple[date, date]:
    year = (today or timezone.localdate()).year - 1
    return date(year, 1, 1), date(year, 12, 31)


class RegionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class BerichtForm(forms.Form):
    """GET filter: one of the user's regions or all of them, one programme or all of them (the
    choice only shown while there are several), and a period of at most 10 years."""

    region = RegionChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("All my regions"),
    )
    programm = RegionChoiceField(
        label=_("Programme"),
        queryset=Programm.objects.order_by("-standard", "name"),
        required=False,
        empty_label=_("All programmes"),
    )
    von = forms.DateField(label=_("From"), widget=DateInput)
    bis = forms.DateField(label=_("To"), widget=DateInput)

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Region.objects.filter(pk__in=[r.pk for r in regions]).order_by("name")
        programmes = programme_list()
        if several(programmes):
            chooser = self.fields["programm"]
            assert isinstance(chooser, forms.ModelChoiceField)
            chooser.choices = [("", chooser.empty_label), *((p.pk, p.name) for p in programmes)]
        else:
            del self.fields["programm"]  # one programme: the report is always that one's

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        von, bis = data.get("von"), data.get("bis")
        latest = timezone.localdate().year + 1
        for name, day in (("von", von), ("bis", bis)):
            if day is not None and not EARLIEST_YEAR <= day.year <= latest:
                self.add_error(
                    name,
                    _("Enter a date between the years %(first)s and %(last)s.")
                    % {"first": EARLIEST_YEAR, "last": latest},
                )
        if von and bis and bis < von:
            self.add_error("bis", _("The end of the period lies before its start."))
        elif von and bis and bis >= add_months(von, 12 * MAX_YEARS):
            self.add_error("bis", _("The period can be at most ten years long."))
        return data


def filter_form(params: Any, *, regions: list[Region], today: date | None = None) -> BerichtForm:
    """The form bound to the query, or to the default period when no period was asked for."""
    if "von" not in params and "bis" not in params:
        von, bis = last_full_months(today)
        data = {
            "von": von.isoformat(),
            "bis": bis.isoformat(),
            "region": params.get("region", ""),
            "programm": params.get("programm", ""),
        }
        return BerichtForm(data, regions=regions)
    return BerichtForm(params, regions=regions)


class JahresberichtForm(forms.Form):
    jahr = forms.IntegerField(label=_("Year"), validators=[lambda v: _year_allowed(v)])
    region = RegionChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("All my regions"),
    )

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Region.objects.filter(pk__in=[r.pk for r in regions]).order_by("name")


def _year_allowed(value: int) -> None:
    if value < EARLIEST_YEAR:
        raise forms.ValidationError(_("Enter a year from %(first)s on.") % {"first": EARLIEST_YEAR})
    if value > timezone.localdate().year:
        raise forms.ValidationError(_("The year has not begun yet."))
