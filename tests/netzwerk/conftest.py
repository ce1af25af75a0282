"""The cast of the network tests.

Region A (Rhein-Main) has a network with two members: Jugendhilfe Nord e.V. (its facility
Wohngruppe Lindenhof, staff Sina = ``staff_a``) and Kinderhaus Sonne gGmbH (Haus Sonne, staff
Paul). Fernweh e.V. (Haus Fern, staff Frieda) works in region A too but is no member. Region B
(Wien) has its own facility (``staff_b``) and coordinator Bob. Alice coordinates region A; Vera
is a volunteer of region A, Wanda one of region B.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from einrichtungen.models import Einrichtung, Traeger
from netzwerk.models import Mitgliedschaft
from tests.factories import make_user
from tests.netzwerk.factories import join, make_provider, make_traeger
from tests.schutzkonzept.factories import make_wegbegleiter
from wegbegleitung.models import Region, User, Wegbegleiter
from wegbegleitung.roles import Role


@dataclass
class Cast:
    region_a: Region
    region_b: Region
    alice: User
    bob: User
    nord: Traeger
    sonne: Traeger
    fern: Traeger
    mitglied_nord: Mitgliedschaft
    mitglied_sonne: Mitgliedschaft
    staff_a: User  # Jugendhilfe Nord (member)
    paul: User  # Kinderhaus Sonne (member)
    frieda: User  # Fernweh e.V. (no member)
    staff_b: User  # region B
    vera: Wegbegleiter
    wanda: Wegbegleiter


@pytest.fixture
def cast(region_a: Region, region_b: Region, alice: User, bob: User, einrichtung_a: Einrichtung,
         staff_a: User, staff_b: User) -> Cast:  # fmt: skip
    nord = make_traeger("Jugendhilfe Nord e.V.", einrichtung_a)
    sonne, haus_sonne = make_provider(region_a, "Kinderhaus Sonne gGmbH", "Haus Sonne")
    fern, haus_fern = make_provider(region_a, "Fernweh e.V.", "Haus Fern")
    paul = make_user(Role.EINRICHTUNG, einrichtung=haus_sonne, email="paul@example.org",
                     first_name="Paul", last_name="Pfeiffer")  # fmt: skip
    frieda = make_user(Role.EINRICHTUNG, einrichtung=haus_fern, email="frieda@example.org")
    vera = make_wegbegleiter(region_a, email="vera.wagner@example.org", first_name="Vera",
                             last_name="Wagner")  # fmt: skip
    wanda = make_wegbegleiter(region_b, email="wanda@example.org")
    return Cast(
        region_a, region_b, alice, bob, nord, sonne, fern,
        join(alice, nord, region_a, bezirke="Nord, Bornheim", profil="Wohngruppen im Norden",
             ansprechperson="Nora Nord", email="kontakt@nord.example"),
        join(alice, sonne, region_a, bezirke="Innenstadt", angebote="Ambulante Hilfen"),
        staff_a, paul, frieda, staff_b, vera, wanda,
    )  # fmt: skip
