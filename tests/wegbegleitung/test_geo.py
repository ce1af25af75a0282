"""The GeoNames postal-code import and postal code → coordinates."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from tests.wegbegleitung.factories import complete_application
from wegbegleitung.models import Bewerbung, Postleitzahl
from wegbegleitung.services.geo import coordinates_for

LINES = [
    "DE\t60311\tFrankfurt am Main\tHessen\tHE\t\t00\tDarmstadt\t064\t50.1106\t8.6822\t4",
    "DE\t63065\tOffenbach\tHessen\tHE\t\t00\tDarmstadt\t064\t50.1\t8.76\t4",
    "DE\t63065\tOffenbach Mitte\tHessen\tHE\t\t00\tDarmstadt\t064\t50.2\t8.78\t4",
    "AT\t1010\tWien, Innere Stadt\tWien\t09\tWien Stadt\t900\tWien\t90001\t48.2077\t16.3705\t4",
    "DE\tbroken line without coordinates",
    "DE\t12345\tNirgendwo\t\t\t\t\t\t\tnorth\teast\t1",
]


@pytest.fixture
def geonames_file(tmp_path):
    path = tmp_path / "DE.txt"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    return path


def test_import_reads_the_geonames_format(db, geonames_file, capsys):
    call_command("import_postleitzahlen", str(geonames_file))
    assert Postleitzahl.objects.count() == 3
    assert "imported 3 postal codes, skipped 2 bad lines" in capsys.readouterr().out
    frankfurt = Postleitzahl.objects.get(country="DE", postal_code="60311")
    assert (frankfurt.place_name, frankfurt.latitude, frankfurt.longitude) == (
        "Frankfurt am Main", 50.1106, 8.6822,
    )  # fmt: skip
    offenbach = Postleitzahl.objects.get(postal_code="63065")
    assert offenbach.latitude == pytest.approx(50.15)  # places of one code averaged


def test_import_twice_updates_instead_of_duplicating(db, geonames_file):
    call_command("import_postleitzahlen", str(geonames_file))
    call_command("import_postleitzahlen", str(geonames_file))
    assert Postleitzahl.objects.count() == 3


def test_import_locates_volunteers_whose_code_became_known(db, geonames_file, vera):
    bewerbung = complete_application(vera)
    assert bewerbung.latitude is None
    call_command("import_postleitzahlen", str(geonames_file))
    located = Bewerbung.objects.get(pk=bewerbung.pk)
    assert (located.latitude, located.longitude) == (50.1106, 8.6822)


def test_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_postleitzahlen", str(tmp_path / "nope.txt"))


def test_coordinates_by_country_and_unknown_codes(db, geonames_file):
    call_command("import_postleitzahlen", str(geonames_file))
    assert coordinates_for(country="AT", postal_code="1010") == (48.2077, 16.3705)
    assert coordinates_for(country="DE", postal_code="1010") is None
    assert coordinates_for(country=None, postal_code="60311") == (50.1106, 8.6822)
    assert coordinates_for(country="DE", postal_code="99999") is None
    assert coordinates_for(country="DE", postal_code="") is None
