"""Find English UI words in a rendered German page: the check behind the German-everywhere test.

German is the first language; an English word on a page means a string without translation
(often one Django or allauth added after their German catalogue was last updated) or an internal
code shown instead of its label. The check reads only what a person sees: text, button labels
and placeholders; scripts, styles and hidden inputs are skipped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# English words of the admin and allauth interface; whole words, case-sensitive. "Filter" is
# not among them: it is the German word as well (Django's own German uses it).
ENGLISH_UI_WORDS = (
    "Search",
    "Run",
    "Select",
    "Add",
    "Change",
    "Delete",
    "Save",
    "History",
    "Show all",
    "results",
    "Email",
    "Password",
    "Sign",
    "Log in",
    "Log out",
    "Home",
    "Today",
    "Now",
    "Yes",
    "No",
    "None",
    "Unknown",
    "Note: You are",
    "hours ahead",
    "hours behind",
    "True",
    "False",
    "Clear",
    "Remove",
    "View",
    "Choose",
)
_PATTERN = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ENGLISH_UI_WORDS)) + r")(?![\w-])")
_SKIPPED_TAGS = {"script", "style", "template", "noscript", "textarea"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "source", "wbr"}
# Text a person typed (names, notes) is theirs, not ours: kept out by reading only the page
# chrome — the demo data is German, so no allow-list of user data is needed beyond this.
_SHOWN_INPUT_TYPES = {"submit", "button", "reset"}


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth += 1
            return
        values = dict(attrs)
        if values.get("placeholder"):
            self.parts.append(values["placeholder"] or "")
        if tag == "input" and values.get("type") in _SHOWN_INPUT_TYPES and values.get("value"):
            self.parts.append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS and self._skip_depth:
            self._skip_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_words(html: str) -> list[str]:
    """The English UI words on a page, each with a little of its context."""
    text = visible_text(html)
    return [text[max(0, m.start() - 30) : m.end() + 30] for m in _PATTERN.finditer(text)]


# Internal codes a page must show by their label: audit actions ("wegbegleiter.exit_request"),
# notification kinds ("concern_new"), availability slots ("mo-nachmittag"), ISO dates.
_CODE = re.compile(
    r"(?<![\w@./:-])("
    r"[a-z]+\.[a-z]+(?:_[a-z]+)*"  # audit action
    r"|[a-z]+(?:_[a-z]+)+"  # registry key
    r"|(?:mo|di|mi|do|fr|sa|so)-(?:vormittag|nachmittag|abend)"  # availability slot
    r"|\d{4}-\d{2}-\d{2}"  # a date as the database stores it, not as Germans write it
    r")(?![\w@./-])"
)


def internal_codes(html: str) -> list[str]:
    """Codes on a page where a person should read a German label."""
    return sorted(set(_CODE.findall(visible_text(html))))


_DU = re.compile(r"\b(du|Du|dich|Dich|dir|Dir|dein|Dein|deine|Deine|deinen|deinem|deiner|deines)\b")


def du_words(html: str) -> list[str]:
    """Words addressing the reader as "du": the volunteers' pages say "Sie" throughout."""
    text = visible_text(html)
    return [text[max(0, m.start() - 30) : m.end() + 30] for m in _DU.finditer(text)]
