"""In real Chromium: a coordinator opens the reports from her home, sees the charts (screenshot)
and gets the annual report as PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from matching.models import Abschluss
from tests.berichte import factories as f
from tests.e2e.helpers import fill, login, submit, totp_now
from tests.factories import PASSWORD, TOTP_SECRET

pytestmark = pytest.mark.e2e


def test_a_coordinator_reads_the_reports_and_gets_the_annual_pdf(
    browser, live_server, alice, einrichtung_a, settings, tmp_path
):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    last_year = date.today().year - 1
    k = f.match(einrichtung_a, started=date(last_year - 1, 5, 1))
    f.treffen(k, date(last_year, 3, 4), 120)
    f.match(einrichtung_a, started=date(last_year, 2, 1), ended=date(last_year, 9, 1),
            grund=Abschluss.Grund.ZEIT_WB)  # fmt: skip
    base = live_server.url
    browser.set_window_size(1280, 1000)
    login(browser, base, alice.email, PASSWORD)
    fill(browser, "code", totp_now(TOTP_SECRET))
    submit(browser)
    submit(browser, "a#berichte")  # the home's link
    assert browser.find_element(By.TAG_NAME, "h1").text == "Berichte"
    submit(browser, f"a[href*='von={last_year}-01-01']")  # quick choice: last calendar year
    charts = browser.find_elements(By.CSS_SELECTOR, "svg[role=img]")
    assert len(charts) == 4 and all(chart.is_displayed() for chart in charts)
    assert charts[0].find_element(By.TAG_NAME, "title").get_attribute("textContent") == (
        "Begonnene und beendete Begleitungen pro Monat"
    )
    table = browser.find_element(By.ID, "tabelle-abschluesse").text
    assert "Wegbegleiter:in fehlt die Zeit 1 1" in table
    browser.execute_script("arguments[0].scrollIntoView();", browser.find_element(By.ID, "monate"))
    shot = tmp_path / "berichte.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    artifacts = Path(__file__).resolve().parents[2] / "var" / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / "berichte.png").write_bytes(shot.read_bytes())  # for people to look at
    fill(browser, "jahr", str(last_year))
    submit(browser, "#jahresbericht-anfordern")
    link = WebDriverWait(browser, 60).until(
        lambda b: b.find_elements(By.ID, "jahresbericht-download")
    )[0]
    assert f"Jahresbericht {last_year} herunterladen (PDF)" in link.text
    assert "Fertig" in browser.find_element(By.ID, "jahresbericht-status").text
