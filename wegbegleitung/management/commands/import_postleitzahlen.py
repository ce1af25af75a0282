"""Import postal codes with coordinates from a GeoNames postal-code file (e.g. DE.txt)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegbegleitung.services.geo import postleitzahlen_import, read_geonames


class Command(BaseCommand):
    help = (
        "Import postal codes and approximate coordinates from a GeoNames postal-code file "
        "(tab separated, as published on download.geonames.org/export/zip/)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the GeoNames file, e.g. DE.txt")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            rows, skipped = read_geonames(path)
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path}: not a UTF-8 text file ({exc})") from exc
        result = postleitzahlen_import(rows=rows, skipped_lines=skipped)
        self.stdout.write(
            f"imported {result.imported} postal codes, skipped {result.skipped_lines} bad lines, "
            f"located {result.volunteers_located} volunteers"
        )
