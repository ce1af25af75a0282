"""Fail when a German catalogue has an untranslated or fuzzy entry: German is the first language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

_SKIP = {".venv", ".tools", "var", "node_modules", ".git"}


class Command(BaseCommand):
    help = "Check that every German .po catalogue of the project is complete."

    def handle(self, *args: Any, **options: Any) -> None:
        base = Path(settings.BASE_DIR)
        problems: list[str] = []
        catalogues = [
            p
            for p in base.rglob("locale/de/LC_MESSAGES/django*.po")
            if not _SKIP & set(p.relative_to(base).parts)
        ]
        for po_path in catalogues:
            po = polib.pofile(str(po_path))
            for entry in po.untranslated_entries() + po.fuzzy_entries():
                problems.append(f"{po_path.relative_to(base)}: {entry.msgid[:70]!r}")
        for app in ("wegbegleitung", "einrichtungen", "schutzkonzept", "matching", "arbeitsplatz"):
            if not (base / app / "locale/de/LC_MESSAGES/django.po").exists():
                problems.append(f"{app}: no German catalogue (run bin/makemessages)")
        if not (base / "locale/de/LC_MESSAGES/django.po").exists():
            problems.append("locale/: no German catalogue for the shared templates")
        if problems:
            raise CommandError("untranslated or fuzzy entries:\n" + "\n".join(problems))
        self.stdout.write(f"{len(catalogues)} German catalogue(s) complete")
