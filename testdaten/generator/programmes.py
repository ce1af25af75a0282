"""The second programme of the data set: care leavers, beside the default programme.

Which request (and so which match) belongs to it is decided from the plan alone, without
drawing from the random generator, so the rest of the data set stays what a seed makes it.
Volunteers serve in the programmes of their matches; some without a match serve only in the
care-leaver programme, so the volunteers' counts see both programmes too.
"""

from __future__ import annotations

from programme.models import Programm
from programme.rules import standard
from testdaten.generator.plan import Plan, Vol, Youth

CARE_LEAVER_NAME = "Wegbegleitung für Care Leaver"


def care_leaver_programme() -> Programm:
    """The second programme, with rules of its own (created once, shared by every data set)."""
    programm, _created = Programm.objects.get_or_create(
        name=CARE_LEAVER_NAME,
        defaults={
            "beschreibung": "Begleitung junger Menschen beim Übergang aus der Jugendhilfe.",
            "begleitet": Programm.Begleitet.CARE_LEAVER,
            "alter_min": 16,
            "alter_max": 27,
            "kontakt_jahr_eins_tage": 21,
            "review_intervall_monate": 6,
            "gespraech": Programm.Gespraech.VERMITTLUNG,
        },
    )
    return programm


def for_care_leavers(y: Youth) -> bool:
    """Every second young person asking at 16 or older: the care-leaver programme."""
    return y.asked is not None and y.age(y.asked) >= 16 and y.index % 2 == 0


class Programmes:
    """The programme of each planned request and match, and of each volunteer."""

    def __init__(self) -> None:
        self.standard = standard()
        self.care_leaver = care_leaver_programme()

    def of_youth(self, y: Youth) -> Programm:
        return self.care_leaver if for_care_leavers(y) else self.standard

    def of_volunteer(self, v: Vol) -> set[Programm]:
        """Empty for the default programme alone (no rows needed: ``programme.rules``)."""
        served = {self.of_youth(m.youth) for m in v.matches}
        if not v.matches and v.index % 4 == 1:
            served = {self.care_leaver}
        return served if self.care_leaver in served else set()

    def volunteer_rows(self, plan: Plan) -> list[tuple[int, Programm]]:
        return [(v.index, p) for v in plan.vols for p in self.of_volunteer(v)]
