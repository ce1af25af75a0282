"""A volunteer reads and signs the code of conduct on a phone-sized Chromium."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from schutzkonzept.models import Unterzeichnung
from tests.schutzkonzept.factories import make_kodex, make_wegbegleiter
from wegbegleitung.models import Region


@pytest.mark.e2e
def test_a_volunteer_signs_the_code_of_conduct(live_server, browser, transactional_db):
    kodex = make_kodex()
    wegbegleiter = make_wegbegleiter(
        Region.objects.create(name="Rhein-Main", country="DE"),
        email="e2e@example.org",
        first_name="Eva",
        last_name="Ernst",
    )
    client = Client()
    client.force_login(wegbegleiter.user)
    browser.set_window_size(400, 900)
    browser.get(f"{live_server.url}/schutz/")
    browser.add_cookie(
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        }
    )
    browser.get(f"{live_server.url}/schutz/verhaltenskodex/")
    assert kodex.paragraphs[0] in browser.page_source
    browser.find_element(By.NAME, "typed_name").send_keys("Eva Ernst")
    browser.find_element(By.NAME, "confirmed").click()
    browser.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    WebDriverWait(browser, 15, ignored_exceptions=[WebDriverException]).until(
        lambda driver: driver.current_url.rstrip("/").endswith("/schutz")
    )
    signature = Unterzeichnung.objects.get()
    assert signature.wegbegleiter == wegbegleiter and signature.typed_name == "Eva Ernst"
    assert f"/schutz/verhaltenskodex/{signature.pk}/pdf/" in browser.page_source
