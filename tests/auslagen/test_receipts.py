"""Receipts are checked by their bytes, stored privately, and deleted with the match's data."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from auslagen.belege import sniff
from auslagen.models import Auslage
from matching.models import Begleitung, Treffen
from schutzkonzept.pdf import private_path
from tests.auslagen.conftest import FAKE_PNG, JPEG, PDF, Cast, png_bytes, receipt, submit


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(png_bytes(), "image/png"), (PDF, "application/pdf"), (JPEG, "image/jpeg")],
)
def test_photos_and_pdfs_are_stored_privately_with_their_real_type(cast: Cast, content,
                                                                  content_type):  # fmt: skip
    auslage = submit(cast, beleg=receipt(content))
    assert auslage.beleg_typ == content_type
    stored = private_path(auslage.beleg)
    assert stored.read_bytes() == content and stored.parent.name == "auslagen"


def test_a_text_file_named_png_is_refused_and_nothing_is_stored(cast: Cast, settings):
    assert sniff(FAKE_PNG) is None
    with pytest.raises(ValidationError) as exc, translation.override("de"):
        submit(cast, beleg=receipt(FAKE_PNG))
    with translation.override("de"):
        assert "Foto (JPEG oder PNG) oder ein PDF" in " ".join(exc.value.messages)
    assert not Auslage.objects.exists()
    root = private_path("auslagen")
    assert not root.exists() or not any(root.iterdir())


def test_a_receipt_above_the_limit_is_refused(cast: Cast, settings):
    big = PDF + b"0" * (2048 - len(PDF) + 1)  # 2049 bytes, one above the test's limit of 2048
    with pytest.raises(ValidationError) as exc, translation.override("de"):
        submit(cast, beleg=receipt(big))
    with translation.override("de"):
        assert "höchstens 2,0\xa0KB" in " ".join(exc.value.messages)  # 2048 bytes
    exact = PDF + b"0" * (2048 - len(PDF))
    assert submit(cast, beleg=receipt(exact)).beleg_typ == "application/pdf"


def test_a_size_the_browser_understated_is_still_caught(cast: Cast):
    from io import BytesIO

    from auslagen.services import Receipt

    big = PDF + b"0" * 3000
    with pytest.raises(ValidationError):
        submit(cast, beleg=Receipt(BytesIO(big), 10))
    assert not Auslage.objects.exists()


def test_deleting_the_match_deletes_its_expenses_and_receipt_files_like_its_diary(
    cast: Cast, django_capture_on_commit_callbacks
):
    kept = submit(cast, beleg=receipt(PDF))
    other = Auslage.objects.create(
        begleitung=cast.otto_match, art="ticket", datum=kept.datum, zweck="Kino",
        betrag_cent=700,
    )  # fmt: skip
    Treffen.objects.create(begleitung=cast.match, datum=kept.datum, dauer_minuten=60,
                           aktivitaet="Zoo", stimmung="gut")  # fmt: skip
    path = private_path(kept.beleg)
    with django_capture_on_commit_callbacks(execute=True):
        Begleitung.objects.filter(pk=cast.match.pk).delete()
    assert not Treffen.objects.filter(begleitung_id=cast.match.pk).exists()
    assert list(Auslage.objects.all()) == [other]
    assert not path.exists()


def test_a_rolled_back_deletion_keeps_the_file(cast: Cast):
    from django.db import transaction

    kept = submit(cast, beleg=receipt(png_bytes()))
    path = private_path(kept.beleg)
    with pytest.raises(RuntimeError), transaction.atomic():
        Auslage.objects.filter(pk=kept.pk).delete()
        raise RuntimeError("rolled back")
    assert path.exists() and Auslage.objects.filter(pk=kept.pk).exists()
