"""Every form works with the keyboard alone (issue 16 §2): in the real Chromium, a volunteer fills
her application and a diary entry with Tab, Shift-Tab, typing, Space and Enter only — no click —
and what she typed is stored. Each element the keyboard reaches shows a visible focus outline."""

from __future__ import annotations

import pytest
from django.utils import timezone
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from matching.models import Treffen
from tests.e2e.helpers import log_in_as
from tests.matching.factories import make_active, make_anfrage, make_mentor
from tests.wegbegleitung.factories import make_volunteer
from wegbegleitung.models import Bewerbung, Interesse, Wegbegleiter

pytestmark = pytest.mark.e2e

# What the focused element is, and whether its focus is visible (outline style and width).
_FOCUSED = """
const el = document.activeElement;
const style = getComputedStyle(el);
return {
  tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '', value: el.value || '',
  text: (el.textContent || '').trim().slice(0, 40),
  outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
  style: style.outlineStyle + ' ' + style.outlineWidth + ' ' + el.matches(':focus') + el.matches(':focus-visible'),
};
"""


class Keyboard:
    """Keys to the page's focused element, and a record of every focus stop without outline."""

    def __init__(self, driver):
        self.driver = driver
        self.invisible: list[str] = []

    def press(self, *keys):
        ActionChains(self.driver).send_keys(*keys).perform()

    def focused(self):
        now = self.driver.execute_script(_FOCUSED)
        if now["tag"] != "body" and not now["outline"]:
            self.invisible.append(f"{now['tag']} {now['name'] or now['text']} {now['style']}")
        return now

    def tab_to(self, name, value=None, *, back=False, limit=120, text=None):
        """Tab (or Shift-Tab) until the field ``name`` (with ``value``, for boxes; or the button
        showing ``text``) has focus."""
        for _ in range(limit):
            if back:
                ActionChains(self.driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(
                    Keys.SHIFT
                ).perform()
            else:
                self.press(Keys.TAB)
            now = self.focused()
            if text is not None and now["tag"] == "button" and now["text"] == text:
                return now
            if text is None and now["name"] == name and value in (None, now["value"]):
                return now
        raise AssertionError(f"the keyboard never reached {name}={value}")

    def type_into(self, name, text):
        self.tab_to(name)
        # select what is there (Ctrl+A), then type over it
        ActionChains(self.driver).key_down(Keys.CONTROL).send_keys("a").key_up(
            Keys.CONTROL
        ).send_keys(Keys.DELETE, text).perform()

    def submit_with(self, name=None, key=Keys.ENTER, text=None):
        """Focus the button ``name`` (or showing ``text``) with Tab, press ``key``; wait for the
        next page."""
        self.tab_to(name, text=text)
        self.driver.execute_script("window.wbOldPage = true;")
        self.press(key)
        WebDriverWait(self.driver, 15).until(
            lambda d: d.execute_script(
                "return window.wbOldPage === undefined && document.readyState === 'complete';"
            )
        )


def _start(browser, live_server, user, path):
    log_in_as(browser, live_server.url, user)
    browser.get(live_server.url + path)
    browser.execute_script("document.activeElement && document.activeElement.blur();")
    return Keyboard(browser)


def test_the_application_is_filled_and_sent_with_the_keyboard_alone(live_server, browser, region_a):
    wegbegleiter = make_volunteer(region_a, Wegbegleiter.Status.INTERESSENT,
                                  first_name="Kira", email="kira@example.org")  # fmt: skip
    Interesse.objects.create(name="Musik")
    keys = _start(browser, live_server, wegbegleiter.user, "/portal/bewerbung/")

    keys.type_into("first_name", "Kira")
    keys.type_into("last_name", "Tastatur")
    keys.tab_to("region")
    keys.press(str(region_a)[:5])  # a closed select picks the option typed
    keys.type_into("phone", "0170 555 0001")
    keys.type_into("postal_code", "60311")
    keys.type_into("city", "Frankfurt")
    keys.type_into("motivation", "Ich habe Zeit und höre gern zu.")
    keys.type_into("experience", "Nachhilfe im Viertel.")
    keys.type_into("languages", "Deutsch, Englisch")
    keys.tab_to("interests")
    keys.press(Keys.SPACE)  # the first interest
    keys.tab_to("weekdays", "di")
    keys.press(Keys.SPACE)
    keys.tab_to("weekdays", "mo", back=True)  # Shift-Tab back to Monday: ticked too
    keys.press(Keys.SPACE)
    keys.tab_to("times_of_day", "abend")
    keys.press(Keys.SPACE)
    keys.type_into("mentee_age_min", "12")
    keys.type_into("mentee_age_max", "17")
    keys.tab_to("mobility", "public")
    keys.press(Keys.SPACE)
    keys.type_into("max_travel_km", "20")
    keys.tab_to("commitment_months")
    keys.press("2")  # "2 Jahre"
    keys.submit_with("submit")

    assert "Ihre Bewerbung wurde eingereicht" in browser.find_element("id", "main").text
    bewerbung = Bewerbung.objects.get(wegbegleiter=wegbegleiter)
    wegbegleiter.refresh_from_db()
    assert wegbegleiter.status == Wegbegleiter.Status.BEWORBEN and bewerbung.submitted_at
    assert (wegbegleiter.user.last_name, wegbegleiter.region) == ("Tastatur", region_a)
    assert (bewerbung.postal_code, bewerbung.city) == ("60311", "Frankfurt")
    assert sorted(bewerbung.weekdays) == ["di", "mo"] and bewerbung.times_of_day == ["abend"]
    assert (bewerbung.mentee_age_min, bewerbung.mentee_age_max) == (12, 17)
    assert bewerbung.mobility == ["public"] and bewerbung.commitment_months == 24
    assert bewerbung.max_travel_km == 20 and bewerbung.interests.count() == 1
    assert not keys.invisible, f"focus without a visible outline: {keys.invisible}"


def test_a_diary_entry_is_written_with_the_keyboard_alone(
    live_server, browser, region_a, alice, staff_a, einrichtung_a
):
    begleitung = make_active(alice, staff_a, make_anfrage(einrichtung_a), make_mentor(region_a))
    keys = _start(browser, live_server, begleitung.wegbegleiter.user,
                  f"/begleitung/{begleitung.pk}/treffen/neu/")  # fmt: skip

    # the date is today unless changed; the duration and the kind of meeting have defaults
    keys.type_into("dauer_minuten", "90")
    keys.tab_to("art")
    keys.type_into("aktivitaet", "Fußball im Park")
    keys.tab_to("stimmung")  # the first mood of the group
    keys.press(Keys.ARROW_DOWN)  # arrows move through the group and choose: the second mood
    mood = keys.focused()["value"]
    keys.type_into("notiz", "Er hat zum ersten Mal von der Schule erzählt.")
    keys.submit_with(text="Speichern", key=Keys.SPACE)  # Space presses a button as Enter does

    treffen = Treffen.objects.get(begleitung=begleitung)
    assert treffen.datum == timezone.localdate() and treffen.dauer_minuten == 90
    assert treffen.aktivitaet == "Fußball im Park" and treffen.stimmung == mood
    assert treffen.notiz == "Er hat zum ersten Mal von der Schule erzählt."
    assert "Treffen" in browser.find_element("id", "main").text
    assert not keys.invisible, f"focus without a visible outline: {keys.invisible}"
