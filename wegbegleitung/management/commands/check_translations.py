"""Fail when a German catalogue has an untranslated or fuzzy entry: German is the first language."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

_SKIP = {".venv", ".tools", "var", "node_modules", ".git"}
# Django packages whose strings show in our pages; a string their German catalogue lacks (new in
# a Django release) must be translated in ours (wegbegleitung/upstream_strings.py, djangojs.po).
_UPSTREAM = [
    ("django.conf", "django"),
    ("django.contrib.admin", "django"),
    ("django.contrib.admin", "djangojs"),
    ("django.contrib.auth", "django"),
]


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
        problems += _upstream_gaps(catalogues)
        if not (base / "locale/de/LC_MESSAGES/django.po").exists():
            problems.append("locale/: no German catalogue for the shared templates")
        if problems:
            raise CommandError("untranslated or fuzzy entries:\n" + "\n".join(problems))
        self.stdout.write(f"{len(catalogues)} German catalogue(s) complete")


def _translated(po_path: Path) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(po_path)).translated_entries()}


def _upstream_gaps(catalogues: list[Path]) -> list[str]:
    """Django's strings without German in Django's catalogue and without German in ours."""
    gaps: list[str] = []
    for package, domain in _UPSTREAM:
        locale = Path(import_module(package).__path__[0]) / "locale"
        english = locale / "en/LC_MESSAGES" / f"{domain}.po"
        if not english.exists():
            continue
        ours = set().union(*(_translated(p) for p in catalogues if p.stem == domain))
        covered = _translated(locale / "de/LC_MESSAGES" / f"{domain}.po") | ours
        for entry in polib.pofile(str(english)):
            if entry.msgid and (entry.msgctxt, entry.msgid) not in covered:
                gaps.append(f"{package} ({domain}): no German for {entry.msgid[:70]!r}")
    return gaps
