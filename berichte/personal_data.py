"""The reports hold nothing personal: they count (docs/measures.md) and keep no rows about a
person. The collector says so in the download, so a reader sees the app was asked."""

from __future__ import annotations

from wegbegleitung.personal_data import Section, Subject


def collect(subject: Subject) -> list[Section]:
    return []
