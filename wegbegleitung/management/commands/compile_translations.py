"""Compile every .po file of the project to .mo without needing GNU gettext on the machine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

_SKIP = {".venv", ".tools", "var", "node_modules", ".git"}


class Command(BaseCommand):
    help = "Compile the project's translation catalogues (.po) to .mo files."

    def handle(self, *args: Any, **options: Any) -> None:
        base = Path(settings.BASE_DIR)
        compiled = 0
        for po_path in base.rglob("locale/*/LC_MESSAGES/*.po"):
            if _SKIP & set(po_path.relative_to(base).parts):
                continue
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
        if options["verbosity"] > 1 or compiled:
            self.stdout.write(f"compiled {compiled} translation catalogue(s)")
