"""Accessibility, proven (issue 16 §2): axe-core in the real headless Chromium checks every page of
the public site, the volunteer portal, the staff area and the coordinator's own admin views, at
desktop width and at a phone's 390 px, against the WCAG 2.1 A/AA rules; no serious or critical
violation may remain.

The pages are found like a visitor finds them: per role, breadth-first from the role's start
page along its links, one page per URL pattern (the same view with another object looks the same).
The coordinator's admin views are listed by name, because only our own templates are under test
there, not each of Django's model forms (see docs/accessibility.md).
"""

from __future__ import annotations

from collections import deque
from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from selenium.webdriver.support.ui import WebDriverWait

from berichte.models import Jahresbericht
from matching.models import Begleitung, Vermittlung
from tests.e2e.helpers import AXE_WIDTHS, axe_check, crawl_key, followable, log_in_as
from wegbegleitung.demo import DOMAIN
from wegbegleitung.models import Export, Region, User, Wegbegleiter

pytestmark = pytest.mark.e2e

# Pages anyone reaches without an account (the young people's form included).
PUBLIC = ["home", "become_mentor", "account_login", "account_signup", "account_reset_password",
          "account_reset_password_done", "schutzkonzept:jugend_meldung"]  # fmt: skip

# Who logs in, and where their walk starts (demo accounts, wegbegleitung/demo.py).
ROLES = {
    "begleiter": ["portal:start"],  # a volunteer in a running match: diary, certificate
    "interessent": ["portal:start", "portal:bewerbung"],  # the application not yet sent
    "einrichtung": ["einrichtungen:start", "netzwerk:start"],  # facility staff, network member
    "kinderschutz": ["schutzkonzept:meldung_list"],  # the child protection officer's own pages
    "jonas": ["jung:start"],  # a young person with his own access: match, questionnaire, consents
}
# Admin pages are checked only where the templates are ours: the coordinator's home and views.
# Django's own inline formsets (admin/edit_inline/tabular.html) on the volunteer's admin page:
# their table cells have no <label> per input (the column heading names them visually) and
# the table's scrolling wrapper is not focusable. These are Django's templates, not ours; the
# rest of the page is checked. See docs/accessibility.md, "Exclusions".
ADMIN_EXCLUDE = (".inline-group",)
# Pages every role reaches alike (account, notifications, concerns): checked once, not per role.
SHARED = ("/konto/", "/benachrichtigungen/", "/schutz/meldung/", "/schutz/sag-es-uns/")
WALK_LIMIT = 40  # pages per role; the demo's portal has fewer patterns than this


def _admin_pages() -> list[str]:
    region = Region.objects.get(name="Rhein-Main")
    begleitung = Begleitung.objects.filter(jugendliche__einrichtung__region=region).first()
    assert begleitung is not None, "the demo has a match in Rhein-Main"
    koordination = User.objects.get(email=f"koordination@{DOMAIN}")
    export = Export.objects.create(
        requested_by=koordination, source="wegbegleitung.wegbegleiter", format="csv",
        status=Export.Status.RUNNING, rows_done=3, rows_total=10,
    )  # fmt: skip
    done = Export.objects.create(
        requested_by=koordination, source="wegbegleitung.wegbegleiter", format="xlsx",
        status=Export.Status.FAILED, error=Export.FAILED_ERROR,
        finished_at=timezone.now() + timedelta(seconds=1),
    )  # fmt: skip
    bericht = Jahresbericht.objects.create(
        jahr=timezone.localdate().year - 1, region=region, region_ids=[region.pk],
        requested_by=koordination, status=Jahresbericht.Status.LAEUFT, fortschritt=40,
    )  # fmt: skip
    pk = [begleitung.pk]
    anfrage = Vermittlung.objects.filter(jugendliche__einrichtung__region=region).first()
    assert anfrage is not None, "the demo has a request in Rhein-Main"
    volunteer = Wegbegleiter.objects.get(user__email=f"bewerberin@{DOMAIN}")
    return [
        reverse("admin:index"),  # the home with its tiles
        reverse("admin:uebersicht"),  # "Alle Bereiche"
        reverse("admin:matching_begleitung_uebersicht"),  # "Was fällig ist"
        reverse("admin:berichte"),
        reverse("admin:matching_vermittlung_changelist"),
        reverse("admin:matching_vermittlung_region", args=[region.pk]),
        reverse("admin:matching_vermittlung_change", args=[anfrage.pk]),  # the suggestions
        reverse("admin:matching_begleitung_changelist"),
        reverse("admin:matching_begleitung_change", args=pk),
        reverse("admin:matching_begleitung_kennenlernen", args=pk),
        reverse("admin:matching_begleitung_vereinbarung", args=pk),
        reverse("admin:matching_begleitung_kontakt", args=pk),
        reverse("admin:matching_begleitung_abschluss", args=pk),
        reverse("admin:wegbegleitung_wegbegleiter_changelist"),  # the volunteers' path
        reverse("admin:wegbegleitung_wegbegleiter_change", args=[volunteer.pk]),
        reverse("admin:wegbegleitung_wegbegleiter_status", args=[volunteer.pk]),
        reverse("exporte:status", args=[export.pk]),
        reverse("exporte:status", args=[done.pk]),
        reverse("admin:berichte_jahresbericht_status", args=[bericht.pk]),
        reverse("admin:uebernahme"),  # import from spreadsheets
        reverse("admin:wegbegleitung_wegbegleiter_erasure", args=[volunteer.pk]),  # erasure plan
        reverse("admin:auslagen_auslage_changelist"),  # the expenses queue
        reverse("admin:netzwerk_veranstaltung_changelist"),  # the network's events
    ]


def _walk(browser, base, starts, *, follow, seen, findings, checked, shared=None, exclude=(),
          per_url=False):  # fmt: skip
    queue = deque(starts)
    shared = set() if shared is None else shared
    visited = 0
    while queue and visited < WALK_LIMIT:
        url = queue.popleft()
        key = url if per_url else crawl_key(url)
        known = shared if urlsplit(url).path.startswith(SHARED) else seen
        if key in known:
            continue
        known.add(key)
        browser.get(base + url)
        visited += 1
        if urlsplit(browser.current_url).path != urlsplit(url).path:
            landed = urlsplit(browser.current_url).path
            if crawl_key(landed) in seen:  # redirected to a page checked already
                continue
            seen.add(crawl_key(landed))
        checked.append(browser.current_url.removeprefix(base))
        for problem in axe_check(browser, exclude=exclude):
            findings.append(f"{browser.current_url.removeprefix(base)} {problem}")
        if not follow:
            continue
        hrefs = browser.execute_script(
            "return Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'))"
        )
        for href in hrefs:
            href = href.split("#")[0]
            if href.startswith("?"):
                href = urlsplit(url).path + href
            if followable(href):
                queue.append(href)


def _running_match_of(local):
    return Begleitung.objects.filter(wegbegleiter__user__email=f"{local}@{DOMAIN}").first()


# Every field the page marks invalid must name an existing, non-empty error text in its
# aria-describedby, and every field error on the page must be named by some field.
_UNTIED_ERRORS = """
const described = new Set();
const untied = [];
const invalid = document.querySelectorAll('[aria-invalid="true"]');
for (const field of invalid) {
  const ids = (field.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
  ids.forEach(id => described.add(id));
  const tied = ids.some(id => {
    const el = document.getElementById(id);
    return el && id.endsWith('_error') && el.textContent.trim();
  });
  const group = field.closest('fieldset[aria-describedby]');  // a group of radios names it once
  if (!tied && group) {
    const id = group.getAttribute('aria-describedby').split(/\\s+/).find(i => i.endsWith('_error'));
    if (id && document.getElementById(id)) { described.add(id); continue; }
  }
  if (!tied) untied.push('field ' + (field.name || field.id) + ' names no error text');
}
for (const error of document.querySelectorAll('main .error, main .errorlist:not(.nonfield), main .errornote[id]')) {
  if (!error.id || !described.has(error.id)) untied.push('error "' + error.textContent.trim().slice(0, 60) + '" belongs to no field');
}
return [invalid.length, untied];
"""


def _error_state(browser, base, path, form, checked, submitter="button[type=submit]", bad=None):
    """Send ``form`` on ``path`` empty but for ``bad`` values (past the browser's own checks) and
    check the page that comes back with its errors."""
    browser.get(base + path)
    browser.execute_script(
        "const form = document.querySelector(arguments[0]); form.noValidate = true;"
        "form.querySelectorAll('input:not([type=hidden]):not([type=checkbox]):not([type=radio]),"
        " textarea').forEach(f => { f.value = ''; });"
        "form.querySelectorAll('input[type=checkbox], input[type=radio]').forEach(f => { f.checked = false; });"
        "for (const [name, value] of Object.entries(arguments[2])) form.elements[name].value = value;"
        "window.wbOldPage = true; form.requestSubmit(form.querySelector(arguments[1]));",
        form,
        submitter,
        bad or {},
    )
    WebDriverWait(browser, 15).until(
        lambda d: d.execute_script(
            "return window.wbOldPage === undefined && document.readyState === 'complete';"
        )
    )
    checked.append(f"{path} (sent empty)")
    invalid, untied = browser.execute_script(_UNTIED_ERRORS)
    problems = [f"{path} (sent empty) {problem}" for problem in axe_check(browser)]
    if not invalid:
        problems.append(f"{path} (sent empty): no field marked aria-invalid")
    problems += [f"{path} (sent empty): {problem}" for problem in untied]
    return problems


def test_every_page_has_no_serious_accessibility_violation(live_server, browser):
    call_command("demo", stdout=StringIO())
    admin_pages = _admin_pages()
    base = live_server.url
    findings: list[str] = []
    checked: list[str] = []

    public: set[str] = set()
    browser.get(base + "/")
    browser.delete_all_cookies()
    _walk(browser, base, [reverse(n) for n in PUBLIC], follow=False, seen=public,
          findings=findings, checked=checked)  # fmt: skip

    # each role walks its own pages (the portal's start differs by stage); public pages and the
    # pages all roles share once
    shared: set[str] = set()
    for local, starts in ROLES.items():
        log_in_as(browser, base, User.objects.get(email=f"{local}@{DOMAIN}"))
        _walk(browser, base, [reverse(n) for n in starts], follow=True, seen=set(public),
              findings=findings, checked=checked, shared=shared)  # fmt: skip

    log_in_as(browser, base, User.objects.get(email=f"koordination@{DOMAIN}"))
    _walk(browser, base, admin_pages, follow=False, seen=set(), findings=findings,
          checked=checked, exclude=ADMIN_EXCLUDE, per_url=True)  # fmt: skip

    # forms sent back with errors: the messages are checked too, and each is tied to its field
    browser.delete_all_cookies()
    for name, form in (
        ("account_login", "main form"),
        ("schutzkonzept:jugend_meldung", "#jugend-meldung"),
    ):
        findings += _error_state(browser, base, reverse(name), form, checked)
    log_in_as(browser, base, User.objects.get(email=f"interessent@{DOMAIN}"))
    findings += _error_state(browser, base, reverse("portal:bewerbung"), "main form", checked,
                             "button[name=submit]", {"postal_code": "12"})  # fmt: skip
    log_in_as(browser, base, User.objects.get(email=f"begleiter@{DOMAIN}"))
    treffen = reverse("matching:treffen_create", args=[_running_match_of("begleiter").pk])
    findings += _error_state(browser, base, treffen, "main form", checked)

    print(f"axe checked {len(checked)} pages at {AXE_WIDTHS} px:", *checked, sep="\n  ")  # noqa: T201
    network = [reverse("netzwerk:start"), reverse("netzwerk:veranstaltungen"),
               reverse("netzwerk:anfragen")]  # fmt: skip
    for page in admin_pages[:4] + [reverse("portal:bewerbung"), reverse("einrichtungen:start"),
                                   *network]:  # fmt: skip
        assert any(c.split("?")[0] == page for c in checked), f"{page} was not checked"
    assert not findings, "serious or critical accessibility violations:\n" + "\n".join(findings)


def test_a_progress_page_updates_in_place_without_reloading(live_server, browser, alice):
    """The export's status page (like the annual report's) used a timed reload, which axe flags
    (meta-refresh, WCAG 2.2.1): it moves the reader back to the top every few seconds. Now the
    status part is fetched again and swapped in place; the page itself stays."""
    export = Export.objects.create(
        requested_by=alice, source="wegbegleitung.wegbegleiter", format="csv",
        status=Export.Status.RUNNING, rows_done=3, rows_total=10,
    )  # fmt: skip
    log_in_as(browser, live_server.url, alice)
    browser.get(live_server.url + reverse("exporte:status", args=[export.pk]))
    assert "3 von 10 Zeilen geschrieben" in browser.find_element("id", "content-main").text
    browser.execute_script("window.wbSamePage = true;")

    Export.objects.filter(pk=export.pk).update(rows_done=7)
    WebDriverWait(browser, 15).until(
        lambda b: "7 von 10 Zeilen" in b.find_element("id", "content-main").text
    )
    Export.objects.filter(pk=export.pk).update(
        status=Export.Status.FAILED, error=Export.FAILED_ERROR, finished_at=timezone.now()
    )
    WebDriverWait(browser, 15).until(lambda b: b.find_elements("id", "export-error"))
    region = browser.find_element("id", "content-main")
    assert browser.execute_script("return window.wbSamePage === true;")  # never reloaded
    assert region.get_attribute("aria-live") == "polite"
    assert region.get_attribute("data-poll") is None  # finished: it stops asking
    assert axe_check(browser) == []
