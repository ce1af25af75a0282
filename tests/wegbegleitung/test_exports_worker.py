"""A background export written by a real Celery worker on Redis, then downloaded."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from tests.conftest import wait_for_worker_result
from tests.wegbegleitung.factories import make_volunteer
from wegbegleitung.models import Export, Wegbegleiter


@pytest.mark.worker
def test_the_worker_writes_a_long_list_and_the_coordinator_downloads_it(
    worker_private_files, celery_worker, client, alice, region_a, region_b, settings
):
    settings.WB_EXPORT_DIRECT_MAX_ROWS = 5
    for i in range(12):
        make_volunteer(region_a, Wegbegleiter.Status.VERFUEGBAR, first_name=f"A{i:02d}",
                       last_name="Nord", email=f"a{i}@example.org")  # fmt: skip
    make_volunteer(region_b, first_name="Wanda", last_name="Wien", email="wanda@example.org")
    client.force_login(alice)
    response = client.get(
        reverse("exporte:start", args=["admin.wegbegleitung.wegbegleiter"]) + "?format=csv"
    )
    export = Export.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "exporte:status", args=[export.pk]
    )
    wait_for_worker_result(
        lambda: Export.objects.filter(pk=export.pk, status=Export.Status.DONE).exists()
    )
    page = client.get(response.url).text
    assert "Die Datei mit 12 Zeilen ist bereit." in page
    download = client.get(reverse("exporte:download", args=[export.pk]))
    data = b"".join(download.streaming_content)
    assert data.startswith(b"\xef\xbb\xbf")
    header, *rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";")
    # the worker's German: headers and labels as in the list, only Alice's region
    assert header[:3] == ["Wegbegleiter:in", "Region", "Status"]
    assert sorted(row[0] for row in rows) == [f"A{i:02d} Nord" for i in range(12)]
    assert {row[2] for row in rows} == {"Verfügbar"}
