"""How much of everything a generated data set holds, at a scale of the national size."""

from __future__ import annotations

import math
from dataclasses import dataclass

# Full size (scale 1.0), issue 13: the association in Germany, Austria and Switzerland after ten
# years.
FULL = {
    "facilities": 500,
    "youths": 20_000,
    "volunteers": 15_000,
    "matches": 12_000,
    "running": 4_000,
    "diary": 2_000_000,
    "help_plans": 100_000,
    "audit": 1_000_000,
    "notifications": 500_000,
    "open_big": 2_000,  # open requests, and available volunteers, of the biggest region
}
# Below these the relations stop making sense (a region needs a facility, a match a mentor).
MINIMUM = {
    "facilities": 3,
    "youths": 40,
    "volunteers": 30,
    "matches": 12,
    "running": 4,
    "diary": 100,
    "help_plans": 40,
    "audit": 100,
    "notifications": 50,
    "open_big": 4,
}


@dataclass(frozen=True)
class Sizes:
    facilities: int
    youths: int
    volunteers: int
    matches: int
    running: int
    diary: int
    help_plans: int
    audit: int
    notifications: int
    open_big: int
    heavy_diary: int  # entries of the busiest mentor (a few have thousands at full size)

    @classmethod
    def at(cls, scale: float) -> Sizes:
        if not 0 < scale <= 10:
            raise ValueError("scale must be above 0 and at most 10")
        counts = {k: max(MINIMUM[k], round(v * scale)) for k, v in FULL.items()}
        # the busiest diaries grow slower than the data set: 5,000 entries at full size, about
        # 1,600 at a tenth (the measurement), never more than a fifth of all entries
        heavy = min(round(5000 * math.sqrt(scale)), counts["diary"] // 5)
        return cls(**counts, heavy_diary=max(heavy, 1))

    @property
    def prestart(self) -> int:
        """Matches proposed, in the introduction or the agreement (1 in 30)."""
        return max(1, round(self.matches / 30))

    @property
    def declined(self) -> int:
        return max(1, round(self.matches / 12))

    @property
    def ended(self) -> int:
        return self.matches - self.running - self.prestart - self.declined

    @property
    def open_requests(self) -> int:
        """Open requests in all regions: the big region's and half as many elsewhere."""
        return self.open_big + max(1, self.open_big // 2)

    @property
    def free_volunteers(self) -> int:
        """Cleared volunteers waiting for a match: as many as the big region's requests there,
        plus a few in every other region."""
        return self.open_big + max(2, round(self.volunteers / 15))

    @property
    def left_volunteers(self) -> int:
        return max(1, round(self.volunteers / 5))
