"""The cast of the expense tests.

Vera Wagner (volunteer, region A) has a match with Malik (Wohngruppe Lindenhof, region A) since
01.01.2025; Otto Ostermann (another volunteer of region A) has his own match with Kemal. Alice
coordinates region A, Bob region B; Sina (staff_a) works at the Lindenhof. The rate in the
settings: 30 ct per km, 50,00 € per match and month; a receipt at most 2048 bytes.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest

from auslagen.models import Auslage
from auslagen.services import Receipt, auslage_submit
from einrichtungen.models import Einrichtung
from matching.models import Begleitung
from tests.einrichtungen.factories import JugendlicheFactory
from tests.schutzkonzept.factories import make_wegbegleiter
from wegbegleitung.models import Region, User, Wegbegleiter

START = date(2025, 1, 1)


@pytest.fixture(autouse=True)
def _expense_settings(settings: Any, tmp_path: Any) -> None:
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.WB_EXPENSE_CENT_PER_KM = 30
    settings.WB_EXPENSE_BUDGET_PER_MONTH_CENT = 5000
    settings.WB_EXPENSE_RECEIPT_MAX_BYTES = 2048
    settings.WB_EXPENSE_MAX_CENT = 50000
    settings.WB_EXPENSE_MAX_KM = 500


def png_bytes() -> bytes:
    """A real 1×1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))  # fmt: skip


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
FAKE_PNG = b"Dies ist kein Bild, nur Text mit der Endung .png\n"


def receipt(content: bytes) -> Receipt:
    return Receipt(BytesIO(content), len(content))


def make_match(mentor: Wegbegleiter, einrichtung: Einrichtung, vorname: str) -> Begleitung:
    jugendliche = JugendlicheFactory.create(einrichtung=einrichtung, vorname=vorname)
    return Begleitung.objects.create(
        wegbegleiter=mentor, jugendliche=jugendliche, started_on=START,
        status=Begleitung.Status.AKTIV,
    )  # fmt: skip


@dataclass
class Cast:
    vera: Wegbegleiter
    otto: Wegbegleiter
    match: Begleitung
    otto_match: Begleitung
    alice: User
    bob: User
    staff_a: User


@pytest.fixture
def cast(region_a: Region, einrichtung_a: Einrichtung, alice: User, bob: User,
         staff_a: User) -> Cast:  # fmt: skip
    vera = make_wegbegleiter(
        region_a, email="vera.wagner@example.org", first_name="Vera", last_name="Wagner",
        activity_started_on=START,
    )  # fmt: skip
    otto = make_wegbegleiter(
        region_a, email="otto@example.org", first_name="Otto", last_name="Ostermann",
        activity_started_on=START,
    )  # fmt: skip
    User.objects.filter(pk=alice.pk).update(first_name="Alice", last_name="Adler")
    alice.refresh_from_db()
    return Cast(vera, otto, make_match(vera, einrichtung_a, "Malik"),
                make_match(otto, einrichtung_a, "Kemal"), alice, bob, staff_a)  # fmt: skip


def submit(c: Cast, **kwargs: Any) -> Auslage:
    values: dict[str, Any] = {
        "art": Auslage.Art.TICKET, "datum": date(2026, 3, 10), "zweck": "Bustickets zum Zoo",
        "betrag_cent": 840,
    }  # fmt: skip
    values.update(kwargs)
    if values["art"] == Auslage.Art.KILOMETER and "kilometer" not in values:
        values["kilometer"] = Decimal("10")
    return auslage_submit(acting_user=c.vera.user, begleitung=c.match, **values)
