"""The Content Security Policy forbids inline script and style: no template may contain them."""

import re
from pathlib import Path

import pytest

from tests.conftest import REPO

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"|\sstyle='|\son[a-z]+=\"", re.I)


def _templates() -> list[Path]:
    skip = {".venv", ".tools", "var", ".git"}
    return [
        p for p in REPO.rglob("templates/**/*.html") if not skip & set(p.relative_to(REPO).parts)
    ]


def test_there_are_templates_to_check():
    assert len(_templates()) > 10


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(REPO)))
def test_template_has_no_inline_script_or_style(path):
    text = path.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "inline <script>"
    assert not INLINE_STYLE.search(text), "inline style or event handler"


def test_pages_are_served_with_a_strict_policy(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_static_files_are_self_hosted(client, db):
    html = client.get("/").text
    assert re.findall(r'(?:href|src)="(https?:)?//', html) == []
