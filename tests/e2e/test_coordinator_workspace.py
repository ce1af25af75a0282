"""In real Chromium (issue 11 "Done when"): a coordinator logs in with two-factor, lands on her
home, follows a tile to its filtered list and downloads it as CSV (the file is the list), then
opens the reports from her home and sees the charts (screenshot kept in var/artifacts)."""

from __future__ import annotations

import csv
import io
import time
from datetime import date
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from matching.models import Abschluss
from tests.berichte import factories as reports
from tests.e2e.helpers import and_wait, fill, login, submit, totp_now
from tests.factories import PASSWORD, TOTP_SECRET
from tests.wegbegleitung.factories import make_volunteer
from wegbegleitung.models import Wegbegleiter

pytestmark = pytest.mark.e2e
Status = Wegbegleiter.Status


def _wait_for_download(folder: Path, timeout: float = 30.0) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.glob("*.csv") if not p.name.endswith(".crdownload")]
        if done and not list(folder.glob("*.crdownload")):
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no download in {folder}: {list(folder.iterdir())}")


def test_coordinator_follows_a_tile_downloads_the_list_and_reads_the_reports(
    browser, live_server, alice, region_a, region_b, einrichtung_a, tmp_path
):
    last_year = date.today().year - 1
    reports.match(einrichtung_a, started=date(last_year - 1, 5, 1))
    reports.match(einrichtung_a, started=date(last_year, 2, 1), ended=date(last_year, 9, 1),
                  grund=Abschluss.Grund.ZEIT_WB)  # fmt: skip
    for first, last in (("Anna", "Albers"), ("Ben", "Berg"), ("Cem", "Cakir")):
        make_volunteer(region_a, Status.BEWORBEN, first_name=first, last_name=last,
                       email=f"{first.lower()}@example.org")  # fmt: skip
    make_volunteer(region_a, Status.INTERESSENT, first_name="Dora", email="dora@example.org")
    make_volunteer(region_b, Status.BEWORBEN, first_name="Wanda", email="wanda@example.org")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )

    login(browser, live_server.url, alice.email, PASSWORD)
    fill(browser, "code", totp_now(TOTP_SECRET))
    submit(browser)
    assert browser.current_url == f"{live_server.url}/admin/"  # the home

    tile = browser.find_element(By.CSS_SELECTOR, "#kachel-beworben td.anzahl a")
    assert tile.text == "3"  # three new applications in her region; Wanda's is in region B
    and_wait(browser, tile)
    assert "stage=beworben" in browser.current_url
    shown = [
        [cell.text.strip() for cell in row.find_elements(By.CSS_SELECTOR, "th, td")][:4]
        for row in browser.find_elements(By.CSS_SELECTOR, "#result_list tbody tr")
    ]
    assert sorted(row[0] for row in shown) == ["Anna Albers", "Ben Berg", "Cem Cakir"]

    browser.find_element(By.CSS_SELECTOR, "ul.object-tools a.export-csv").click()
    data = _wait_for_download(downloads).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    header, *rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";")
    headings = [  # the text, not the uppercase the admin's CSS renders
        th.get_attribute("textContent").strip()
        for th in browser.find_elements(By.CSS_SELECTOR, "#result_list thead th")
    ]
    assert header[:4] == headings[:4]
    # name, region, status and days in this stage, row by row in the order of the page
    assert [row[:4] for row in rows] == shown

    # back to the home, on to the reports: the charts of last year, with their tables
    browser.get(f"{live_server.url}/admin/")
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "a#berichte"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Berichte"
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, f"a[href*='von={last_year}-01-01']"))
    charts = browser.find_elements(By.CSS_SELECTOR, "svg[role=img]")
    assert len(charts) == 4 and all(chart.is_displayed() for chart in charts)
    assert (
        "Wegbegleiter:in fehlt die Zeit" in browser.find_element(By.ID, "tabelle-abschluesse").text
    )
    shot = tmp_path / "workspace-reports.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    artifacts = Path(__file__).resolve().parents[2] / "var" / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / "workspace-reports.png").write_bytes(shot.read_bytes())
