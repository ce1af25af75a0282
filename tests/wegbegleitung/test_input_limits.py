"""Every free-text column has a length limit, and the limit reaches the form and the database
check that the services run (a refused text changes nothing stored)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

APPS = ("wegbegleitung", "einrichtungen", "schutzkonzept", "matching")


def _text_fields() -> list[tuple[str, models.Field]]:  # type: ignore[type-arg]
    return [
        (f"{model._meta.label}.{field.name}", field)
        for label in APPS
        for model in apps.get_app_config(label).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField | models.CharField)
        and not field.choices
        and field.model is model
    ]


def test_every_free_text_field_has_a_finite_limit() -> None:
    unlimited = [name for name, field in _text_fields() if not field.max_length]
    assert not unlimited, unlimited
    assert all(field.max_length <= 50000 for _name, field in _text_fields())  # type: ignore[operator]


def test_a_text_field_limit_reaches_the_form_as_maxlength() -> None:
    from matching.forms import TreffenForm

    widget = TreffenForm().fields["notiz"].widget
    assert widget.attrs["maxlength"] == "5000"


@pytest.mark.django_db
def test_the_services_validation_refuses_an_overlong_note() -> None:
    from matching.models import Treffen

    treffen = Treffen(datum="2026-01-01", dauer_minuten=60, aktivitaet="x", stimmung="gut")
    treffen.notiz = "x" * 5001
    with pytest.raises(ValidationError) as refused:
        treffen.full_clean(exclude=["begleitung", "meldung"])
    assert "notiz" in refused.value.message_dict


@pytest.mark.django_db
def test_absurd_durations_are_refused() -> None:
    from matching.models import Unterstuetzungskontakt, Vereinbarung

    kontakt = Unterstuetzungskontakt(
        mit="wegbegleiter", datum="2026-01-01", dauer_minuten=5000, kanal="telefon",
        aktivitaeten="a", beziehung="b", kinderschutz="c", wirkung="d",
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        kontakt.full_clean(exclude=["begleitung", "created_by"])
    assert "dauer_minuten" in refused.value.message_dict
    vereinbarung = Vereinbarung(laufzeit_monate=999, rollen="r", regeln="r", kontakt="k")
    with pytest.raises(ValidationError) as refused:
        vereinbarung.full_clean(exclude=["begleitung", "created_by"])
    assert "laufzeit_monate" in refused.value.message_dict
