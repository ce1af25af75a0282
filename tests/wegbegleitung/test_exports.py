"""Exports of the admin's changelists: the file is the list as the coordinator sees it.

CSV for German Excel (BOM, ``;``, CRLF, German dates), XLSX read back with openpyxl; scoped and
filtered exactly like the changelist; audited without personal data; small lists answered
directly, long ones as a background job with a progress page and a private file.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError
from openpyxl import load_workbook

from tests.factories import make_user
from tests.wegbegleitung.factories import make_volunteer
from wegbegleitung import outbox
from wegbegleitung.english_text import du_words, english_words, internal_codes
from wegbegleitung.exports import registry
from wegbegleitung.exports.registry import Tabelle, register_source
from wegbegleitung.exports.services import export_purge_expired
from wegbegleitung.models import AuditEvent, Export, OutboxTask, Wegbegleiter
from wegbegleitung.roles import Role
from wegbegleitung.tasks import purge_exports, run_outbox_task

LIST = "/admin/wegbegleitung/wegbegleiter/"
SOURCE = "admin.wegbegleitung.wegbegleiter"
BOM = b"\xef\xbb\xbf"
Status = Wegbegleiter.Status


def _url(fmt: str, query: str = "") -> str:
    return f"{reverse('exporte:start', args=[SOURCE])}?format={fmt}" + (
        f"&{query}" if query else ""
    )


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _csv(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def _shown(client: Client, query: str) -> list[str]:
    """The names in the first column of the changelist as the page lists them."""
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    return [str(w) for w in response.context["cl"].result_list]


@pytest.fixture
def pipeline(region_a, region_b):
    """Four volunteers in region A (two available), one available one in region B."""
    volunteers = {
        "anna": make_volunteer(region_a, Status.VERFUEGBAR, first_name="Anna", last_name="Albers",
                               email="anna@example.org"),
        "ben": make_volunteer(region_a, Status.VERFUEGBAR, first_name="Ben", last_name="Berg",
                              email="ben@example.org"),
        "cem": make_volunteer(region_a, Status.BEWORBEN, first_name="Cem", last_name="Cakir",
                              email="cem@example.org"),
        "dora": make_volunteer(region_a, Status.INTERESSENT, first_name="Dora", last_name="Dix",
                               email="dora@example.org"),
        "wanda": make_volunteer(region_b, Status.VERFUEGBAR, first_name="Wanda", last_name="Wien",
                                email="wanda@example.org"),
    }  # fmt: skip
    for name, days in (("anna", 10), ("ben", 3)):
        Wegbegleiter.objects.filter(pk=volunteers[name].pk).update(
            status_since=timezone.now() - timedelta(days=days)
        )
    return volunteers


def test_the_csv_of_a_filtered_list_is_the_list(client, alice, pipeline):
    client.force_login(alice)
    query = "stage=verfuegbar&o=3"  # longest in this stage first
    response = client.get(_url("csv", query))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="wegbegleiter')
    data = _body(response)
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    header, *rows = _csv(data)
    assert header[:3] == ["Wegbegleiter:in", "Region", "Status"]
    # the same rows in the same order as the page; Wanda (region B) and other stages are not there
    assert [row[0] for row in rows] == _shown(client, query) == ["Anna Albers", "Ben Berg"]
    assert [row[1:3] for row in rows] == [["Rhein-Main (DE)", "Verfügbar"]] * 2  # labels, not codes
    assert all(len(row) == len(header) for row in rows)


def test_the_ordering_of_the_page_is_the_ordering_of_the_file(client, alice, pipeline):
    client.force_login(alice)
    query = "stage=verfuegbar&o=-3"  # shortest in this stage first
    header, *rows = _csv(_body(client.get(_url("csv", query))))
    assert [row[0] for row in rows] == _shown(client, query) == ["Ben Berg", "Anna Albers"]


def test_another_coordinator_exports_only_her_region(client, bob, pipeline):
    client.force_login(bob)
    header, *rows = _csv(_body(client.get(_url("csv"))))
    assert [row[0] for row in rows] == ["Wanda Wien"]


def test_the_excel_file_holds_the_same_rows(client, alice, pipeline):
    client.force_login(alice)
    response = client.get(_url("xlsx", "stage=verfuegbar&o=3"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(_body(response))).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][:3] == ["Wegbegleiter:in", "Region", "Status"]
    assert [row[0] for row in values[1:]] == ["Anna Albers", "Ben Berg"]
    assert sheet["A1"].font.b is True
    # "days in this stage" is a number cell, not text
    days = values[0].index("Tage in dieser Phase")
    assert all(isinstance(row[days], int) for row in values[1:])


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])  # tab and CR: test_exports_formats
def test_a_name_that_starts_like_a_formula_is_neutralised_in_both_formats(
    client, alice, region_a, prefix
):
    make_volunteer(
        region_a, first_name=f"{prefix}HYPERLINK(1)", last_name="X", email="x@example.org"
    )
    client.force_login(alice)
    header, row = _csv(_body(client.get(_url("csv"))))
    assert row[0] == f"'{prefix}HYPERLINK(1) X"
    sheet = load_workbook(io.BytesIO(_body(client.get(_url("xlsx"))))).active
    cell = sheet["A2"]
    assert cell.value == f"'{prefix}HYPERLINK(1) X" and cell.data_type == "s"


def test_each_export_is_audited_with_list_filters_format_and_rows_but_no_names(
    client, alice, pipeline
):
    client.force_login(alice)
    _body(client.get(_url("csv", "stage=verfuegbar&q=Albers")))
    event = AuditEvent.objects.get(action="export.create")
    assert event.actor == alice
    assert event.details == {
        "source": SOURCE,
        "format": "csv",
        "rows": 1,
        "filters": {"stage": ["verfuegbar"]},
        "searched": True,
        "background": False,
    }
    assert "Albers" not in str(event.details) and "Anna" not in str(event.details)


def test_bad_format_and_unknown_list_get_a_clear_answer(client, alice, pipeline):
    client.force_login(alice)
    response = client.get(reverse("exporte:start", args=[SOURCE]) + "?format=pdf")
    assert response.status_code == 400
    assert "Exporte gibt es nur als CSV oder Excel (XLSX)." in response.text
    assert (
        client.get(reverse("exporte:start", args=["gibt.es.nicht"]) + "?format=csv").status_code
        == 404
    )
    bad = client.get(_url("csv", "region__id__exact=abc"))
    assert bad.status_code == 400 and "Filter" in bad.text
    assert not AuditEvent.objects.filter(action="export.create").exists()


def test_query_count_does_not_grow_with_the_rows(
    client, alice, region_a, django_assert_max_num_queries
):
    client.force_login(alice)
    for i in range(5):
        make_volunteer(region_a, Status.VERFUEGBAR, email=f"few{i}@example.org")
    with django_assert_max_num_queries(30) as few:
        assert len(_csv(_body(client.get(_url("csv"))))) == 1 + 5
    for i in range(45):
        make_volunteer(region_a, Status.VERFUEGBAR, email=f"many{i}@example.org")
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        assert len(_csv(_body(client.get(_url("csv"))))) == 1 + 50
    assert len(many.captured_queries) == len(few.captured_queries)


# --- who may ------------------------------------------------------------------------------------


@pytest.fixture
def finished_export(alice, pipeline, settings, tmp_path, django_capture_on_commit_callbacks):
    """Alice's background export of her three volunteers with a direct limit of 2 rows."""
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.WB_EXPORT_DIRECT_MAX_ROWS = 2
    client = Client()
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(_url("csv"))
    export = Export.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "exporte:status", args=[export.pk]
    )
    return export


@pytest.mark.parametrize(
    ("who", "start", "status", "download"),
    [
        ("alice", 302, 200, 200),  # the requester
        ("bob", 200, 404, 404),  # another region: his own (small) list; Alice's job is not his
        ("volunteer", 403, 403, 403),
        ("staff_a", 403, 403, 403),
        (None, 302, 302, 302),  # to the login
    ],
)
def test_permission_matrix(client, request, finished_export, who, start, status, download):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(_url("csv"))
    assert response.status_code == start
    if who is None:
        assert response.url.startswith(reverse("account_login"))
    assert client.get(reverse("exporte:status", args=[finished_export.pk])).status_code == status
    assert (
        client.get(reverse("exporte:download", args=[finished_export.pk])).status_code == download
    )


def test_a_long_list_runs_in_the_background_and_the_requester_downloads_it(
    client, alice, finished_export
):
    client.force_login(alice)
    finished_export.refresh_from_db()
    assert finished_export.status == Export.Status.DONE and finished_export.rows_done == 4
    page = client.get(reverse("exporte:status", args=[finished_export.pk])).text
    assert "Die Datei mit 4 Zeilen ist bereit." in page
    assert 'http-equiv="refresh"' not in page  # finished: no more refreshing
    response = client.get(reverse("exporte:download", args=[finished_export.pk]))
    header, *rows = _csv(b"".join(response.streaming_content))
    assert sorted(row[0] for row in rows) == ["Anna Albers", "Ben Berg", "Cem Cakir", "Dora Dix"]
    event = AuditEvent.objects.get(action="export.create")
    assert event.details["background"] is True and event.details["rows"] == 4
    assert event.object_id == str(finished_export.pk)


def test_a_waiting_export_shows_progress_and_refreshes_itself(client, alice):
    export = Export.objects.create(
        requested_by=alice, source=SOURCE, format="csv", rows_total=20_000,
        status=Export.Status.RUNNING, rows_done=5000,
    )  # fmt: skip
    client.force_login(alice)
    page = client.get(reverse("exporte:status", args=[export.pk])).text
    assert 'data-poll="3"' in page  # static/js/live-status.js updates the status in place
    assert "5000 von 20000 Zeilen geschrieben" in page and 'value="25"' in page  # 5000/20000
    assert client.get(reverse("exporte:download", args=[export.pk])).status_code == 404


def test_with_the_broker_down_the_export_waits_and_runs_on_the_sweep(
    client, alice, pipeline, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(run_outbox_task, "apply_async", refuse)
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.WB_EXPORT_DIRECT_MAX_ROWS = 2
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(_url("xlsx")).status_code == 302
    export = Export.objects.get()
    assert export.status == Export.Status.WAITING and OutboxTask.objects.count() == 1
    assert outbox.sweep(now=timezone.now() + timedelta(minutes=2)) == 1
    export.refresh_from_db()
    assert export.status == Export.Status.DONE
    response = client.get(reverse("exporte:download", args=[export.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 1 + 4


def _broken_rows():
    yield ["eins"]
    raise RuntimeError("database gone")


def test_a_failed_job_says_so_in_german(
    client, alice, settings, tmp_path, django_capture_on_commit_callbacks, monkeypatch
):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    # this test's source lives in a copy of the registry (the admin's sources loaded first)
    monkeypatch.setattr(registry, "_SOURCES", registry.all_sources())
    register_source(
        "test.kaputt",
        label="Kaputt",
        build=lambda user, params: Tabelle("Kaputt", ["A"], _broken_rows(), count=10**6),
        allowed=lambda user: True,
    )
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("exporte:start", args=["test.kaputt"]) + "?format=csv")
    export = Export.objects.get()
    assert response.status_code == 302 and export.status == Export.Status.FAILED
    page = client.get(reverse("exporte:status", args=[export.pk])).text
    assert "Der Export ist fehlgeschlagen." in page
    assert not list((tmp_path / "private" / "exports").iterdir())  # no half file offered


def test_files_are_deleted_after_the_keeping_time(client, alice, finished_export, settings):
    finished_export.refresh_from_db()
    path = settings.PRIVATE_FILES_ROOT / finished_export.file
    assert path.is_file()
    assert purge_exports() == 0  # younger than WB_EXPORT_KEEP_HOURS
    later = timezone.now() + timedelta(hours=settings.WB_EXPORT_KEEP_HOURS, minutes=1)
    assert export_purge_expired(now=later) == 1
    assert not path.exists()
    client.force_login(alice)
    assert client.get(reverse("exporte:download", args=[finished_export.pk])).status_code == 404
    page = client.get(reverse("exporte:status", args=[finished_export.pk])).text
    assert "Die Datei wurde gelöscht." in page


def test_every_changelist_has_the_two_buttons_with_its_filters(client, alice, pipeline):
    client.force_login(alice)
    page = client.get(f"{LIST}?stage=verfuegbar").text
    assert f'href="/exporte/{SOURCE}/?format=csv&amp;stage=verfuegbar"' in page
    assert f'href="/exporte/{SOURCE}/?format=xlsx&amp;stage=verfuegbar"' in page
    # also a list whose app replaces the buttons block (matching's matches)
    page = client.get("/admin/matching/begleitung/").text
    assert 'href="/exporte/admin.matching.begleitung/?format=csv"' in page
    # the list's own tools stay: "add" beside the downloads
    page = client.get("/admin/einrichtungen/einrichtung/").text
    assert 'class="addlink"' in page and 'href="/exporte/admin.einrichtungen.einrichtung/' in page


def test_a_staff_user_without_a_role_cannot_export(client, db):
    user = make_user(Role.EINRICHTUNG, email="nobody@example.org")
    client.force_login(user)
    assert client.get(_url("csv")).status_code == 403


@pytest.mark.parametrize("state", ["waiting", "running", "done", "failed", "expired"])
def test_the_progress_page_is_german_in_every_state(client, alice, state, settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path
    export = Export.objects.create(
        requested_by=alice, source=SOURCE, format="xlsx", rows_total=8000, rows_done=2000,
        status=state, error=Export.FAILED_ERROR if state == "failed" else "",
    )  # fmt: skip
    if state == "done":
        (tmp_path / "exports").mkdir()
        (tmp_path / "exports" / "1-x.xlsx").write_bytes(b"PK")
        Export.objects.filter(pk=export.pk).update(file="exports/1-x.xlsx")
    client.force_login(alice)
    html = client.get(reverse("exporte:status", args=[export.pk])).text
    assert english_words(html) == [] and internal_codes(html) == [] and du_words(html) == []
    assert "Export der Liste „Wegbegleiter:innen“" in html


def test_the_problem_page_is_german(client, alice):
    client.force_login(alice)
    html = client.get(reverse("exporte:start", args=[SOURCE]) + "?format=ods").text
    assert english_words(html) == [] and du_words(html) == []
