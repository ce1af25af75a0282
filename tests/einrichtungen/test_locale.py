"""German first: the app's catalogue is complete; templates keep the Content Security Policy."""

from pathlib import Path

import polib  # type: ignore[import-untyped]

APP = Path(__file__).resolve().parents[2] / "einrichtungen"


def test_german_catalogue_is_complete():
    po = polib.pofile(str(APP / "locale/de/LC_MESSAGES/django.po"))
    assert len(po) > 200
    assert not po.untranslated_entries()
    assert not po.fuzzy_entries() and not po.metadata_is_fuzzy


def test_templates_have_no_inline_script_or_style():
    for template in (APP / "templates").rglob("*.html"):
        text = template.read_text()
        assert "<script" not in text and "style=" not in text and "<style" not in text, template
