from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from uebernahme.arten import ARTEN
from wegbegleitung.models import Region


class UploadForm(forms.Form):
    art = forms.ChoiceField(label=_("What to import"))
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())
    datei = forms.FileField(label=_("File (CSV or XLSX)"))

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["art"].choices = [(a.key, a.label) for a in ARTEN.values()]  # type: ignore[attr-defined]
        region_field: forms.ModelChoiceField[Region] = self.fields["region"]  # type: ignore[assignment]
        region_field.queryset = regions
        if regions.count() == 1:
            region_field.initial = regions.first()
