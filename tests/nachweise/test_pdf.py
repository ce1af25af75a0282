"""The certificate's PDF read back with pdftotext: the right hours, and no young person in it."""

from __future__ import annotations

import re
from datetime import date

from django.test import override_settings

from matching.models import Begleitung
from nachweise import services
from nachweise.models import Nachweis
from programme.models import Programm
from schutzkonzept.pdf import private_path
from tests.conftest import pdf_text
from tests.nachweise.conftest import YEAR, Designed, all_other_names
from wegbegleitung.models import Wegbegleiter


def _text(nachweis: Nachweis) -> str:
    nachweis.refresh_from_db()
    assert nachweis.status == Nachweis.Status.FERTIG
    return " ".join(pdf_text(private_path(nachweis.pdf)).split())


def _signed(designed: Designed, alice, capture, **period) -> Nachweis:
    nachweis = services.nachweis_request(
        acting_user=designed.vera.user, wegbegleiter=designed.vera, **period
    )
    with capture(execute=True):
        services.nachweis_sign(
            acting_user=alice, nachweis=nachweis, signed_name="Alice Adler",
            signed_role="Koordinatorin", appreciation="Danke für Ihre Verlässlichkeit und Geduld.",
        )  # fmt: skip
    return nachweis


@override_settings(WB_ORGANISATION_NAME="Brückenbauer e. V.")
def test_the_certificate_of_the_year(designed: Designed, cast, django_capture_on_commit_callbacks):
    text = _text(_signed(designed, cast["alice"], django_capture_on_commit_callbacks,
                         period_from=YEAR[0], period_to=YEAR[1]))  # fmt: skip
    assert "Nachweis über ehrenamtliches Engagement" in text
    assert ("Hiermit bestätigen wir, dass Vera Wagner sich vom 01.01.2025 bis zum 31.12.2025 "
            "ehrenamtlich als Wegbegleiter:in bei Brückenbauer e. V. engagiert hat.") in text  # fmt: skip
    assert "Programm: Wegbegleitung für junge Menschen in stationärer Jugendhilfe" in text
    assert "2 Begleitungen, jeweils eines jungen Menschen in stationärer Jugendhilfe" in text
    # Malik's match: 255 min = 4,3 h in 6 months; Leonie's: 210 min = 3,5 h, running
    assert "Begleitung 1: 01.03.2025 bis 31.08.2025 (6 Monate): 3 Treffen, 4,3 Stunden" in text
    assert (
        "Begleitung 2: 15.09.2025 bis 31.12.2025 (3 Monate, läuft weiter): 2 Treffen, 3,5 Stunden"
        in text
    )
    assert "Insgesamt: 5 Treffen mit 7,8 Stunden, wie im Begleitungstagebuch festgehalten." in text
    assert (
        "Schulung: 8 Stunden an 3 Terminen" in text and "Supervision: 2 Sitzungen besucht" in text
    )
    assert "Danke für Ihre Verlässlichkeit und Geduld." in text
    assert "Alice Adler, Koordinatorin" in text
    signed_on = Nachweis.objects.get().signed_at
    assert f"{signed_on.astimezone():%d.%m.%Y}" in text


def test_no_name_of_the_data_set_but_hers_and_the_signature(
    designed: Designed, cast, django_capture_on_commit_callbacks
):
    text = _text(_signed(designed, cast["alice"], django_capture_on_commit_callbacks))
    names = all_other_names(keep={"Vera", "Wagner", "Alice", "Adler"})
    # the young people, their facilities, the region, the youth office, other people
    assert {"Malik", "Leonie", "Kemal", "Wohngruppe Lindenhof", "Kinderhaus Am Park",
            "Rhein-Main", "Jugendamt Offenbach", "Otto", "Bob", "Sina"} <= names  # fmt: skip
    found = [n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text)]
    assert found == [], f"names of the data set in the PDF: {found}"
    assert "ein" in text and "jungen Menschen in stationärer Jugendhilfe" in text


def test_the_certificate_of_a_volunteer_who_left(
    designed: Designed, cast, django_capture_on_commit_callbacks
):
    Wegbegleiter.objects.filter(pk=designed.vera.pk).update(
        status="ausgeschieden", activity_ended_on=date(2025, 9, 30)
    )
    vera = Wegbegleiter.objects.get(pk=designed.vera.pk)
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.nachweis_issue(
            acting_user=cast["alice"], wegbegleiter=vera, signed_name="Alice Adler",
            signed_role="Koordinatorin", period_from=date(2025, 5, 1),
        )  # fmt: skip
    text = _text(issued)
    # 01.05.–30.09.2025: Malik 120 + 45 = 165 min = 2,8 h; Leonie 60 min = 1 h; 225 min = 3,8 h
    assert "vom 01.05.2025 bis zum 30.09.2025" in text
    assert "Begleitung 1: 01.05.2025 bis 31.08.2025 (4 Monate): 2 Treffen, 2,8 Stunden" in text
    # Leonie's match was not closed when she left: it is counted to her last day, "continues"
    assert (
        "Begleitung 2: 15.09.2025 bis 30.09.2025 (weniger als ein Monat, läuft weiter): 1 Treffen, 1 Stunde"
        in text
    )
    assert "Insgesamt: 3 Treffen mit 3,8 Stunden" in text
    assert "Schulung: 2 Stunden an 1 Termin" in text and "Supervision: 0 Sitzungen besucht" in text


@override_settings(WB_ORGANISATION_NAME="Brückenbauer e. V.")
def test_a_family_volunteers_certificate_names_her_programme_not_residential_care(
    designed: Designed, cast, django_capture_on_commit_callbacks
):
    familien = Programm.objects.create(
        name="Familienpatenschaften (Frühe Hilfen)", begleitet=Programm.Begleitet.FAMILIEN
    )
    Begleitung.objects.filter(wegbegleiter=designed.vera).update(programm=familien)
    text = _text(_signed(designed, cast["alice"], django_capture_on_commit_callbacks,
                         period_from=YEAR[0], period_to=YEAR[1]))  # fmt: skip
    assert "Programm: Familienpatenschaften (Frühe Hilfen)" in text
    assert "einen jungen Menschen oder eine Familie" in text
    assert "In diesem Zeitraum bestanden 2 Begleitungen." in text
    assert "stationärer Jugendhilfe" not in text
