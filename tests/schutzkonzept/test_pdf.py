"""The PDFs are real: read back with pdftotext; WeasyPrint fetches only our static files."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.template import engines

from schutzkonzept.models import Antragsbestaetigung, Unterzeichnung
from schutzkonzept.pdf import STATIC_BASE_URL, make_url_fetcher, private_path
from schutzkonzept.services.certificates import antragsbestaetigung_create
from schutzkonzept.services.conduct import verhaltenskodex_sign
from tests.conftest import pdf_text as read_pdf_text
from tests.schutzkonzept.factories import make_wegbegleiter


def pdf_text(path: Path) -> str:
    return " ".join(read_pdf_text(path).split())


@pytest.mark.parametrize(
    ("country_fixture", "wording"),
    [
        (
            "region_a",
            [
                "Meldebehörde",
                "erweitertes Führungszeugnis",
                "§ 30a Abs. 1 Nr. 2 BZRG",
                "§ 72a Abs. 4 SGB VIII",
                "Befreiung von der Gebühr",
            ],
        ),
        (
            "region_at",
            [
                "Strafregisterbescheinigung Kinder- und Jugendfürsorge",
                "§ 10 Abs. 1a",
                "Strafregistergesetz",
            ],
        ),
        ("region_ch", ["Sonderprivatauszug", "Art. 371a StGB", "gemäss", "regelmässigen Kontakt"]),
    ],
)
def test_confirmation_letter_has_the_name_and_the_countrys_legal_wording(
    request, country_fixture, wording, django_capture_on_commit_callbacks
):
    region = request.getfixturevalue(country_fixture)
    wegbegleiter = make_wegbegleiter(
        region, email="lena@example.org", first_name="Lena", last_name="Großmann-Öztürk"
    )
    with django_capture_on_commit_callbacks(execute=True):
        letter = antragsbestaetigung_create(
            acting_user=wegbegleiter.user, wegbegleiter=wegbegleiter
        )
    letter.refresh_from_db()
    path = private_path(letter.pdf)
    assert path.read_bytes().startswith(b"%PDF")
    text = pdf_text(path)
    assert "Lena Großmann-Öztürk" in text
    for phrase in wording:
        assert phrase in text
    others = {"region_a": "Meldebehörde", "region_at": "StRegG", "region_ch": "Sonderprivatauszug"}
    for fixture, phrase in others.items():
        if fixture != country_fixture:
            assert phrase not in text


def test_letters_are_stored_privately_not_as_static_or_media(
    wb_a, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        letter = antragsbestaetigung_create(acting_user=wb_a.user, wegbegleiter=wb_a)
    letter.refresh_from_db()
    path = private_path(letter.pdf)
    assert Path(settings.PRIVATE_FILES_ROOT).resolve() in path.parents
    assert Path(settings.STATIC_ROOT).resolve() not in path.parents


def test_signed_code_of_conduct_pdf_holds_exactly_what_was_signed(
    wb_a, kodex, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        unterzeichnung = verhaltenskodex_sign(
            acting_user=wb_a.user,
            wegbegleiter=wb_a,
            kodex=kodex,
            typed_name="Wiebke Wagner",
            confirmed=True,
        )
    unterzeichnung.refresh_from_db()
    text = pdf_text(private_path(unterzeichnung.pdf))
    assert "Wiebke Wagner" in text and "wiebke@example.org" in text
    assert f"Version {kodex.version}" in text
    for paragraph in kodex.paragraphs:
        assert " ".join(paragraph.split()) in text
    assert "Elektronisch unterzeichnet" in text  # German whatever the request language


class _CountingHandler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        _CountingHandler.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red; }")

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    server = HTTPServer(("127.0.0.1", 0), _CountingHandler)
    _CountingHandler.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _render(html: str):
    from weasyprint import HTML

    fetcher = make_url_fetcher()
    pdf = HTML(string=html, base_url=STATIC_BASE_URL, url_fetcher=fetcher).write_pdf()
    return pdf, fetcher


def test_a_remote_url_or_a_local_file_outside_static_is_not_fetched(http_server, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("GEHEIM-123")
    image = Path(__file__)  # a local file outside the static folders
    template = engines["django"].from_string(
        '<link rel="stylesheet" href="{{ remote }}/evil.css">'
        '<img src="{{ remote }}/pixel.png">'
        '<img src="file://{{ image }}">'
        '<object data="file://{{ secret }}"></object>'
        '<link rel="attachment" href="file://{{ secret }}">'
        '<img src="/static/../../../etc/passwd">'
        "<p>Hallo</p>"
    )
    html = template.render({"remote": http_server, "image": image, "secret": secret})
    pdf, fetcher = _render(html)
    assert _CountingHandler.hits == []
    assert pdf.startswith(b"%PDF") and b"GEHEIM-123" not in pdf
    assert any(url.startswith(http_server) for url in fetcher.refused)
    assert any(url.startswith("file://") for url in fetcher.refused)


def test_the_projects_own_static_files_are_loaded(tmp_path):
    html = '<link rel="stylesheet" href="/static/schutzkonzept/pdf.css"><p>Hallo</p>'
    pdf, fetcher = _render(html)
    assert fetcher.refused == []
    assert fetcher.served == [f"{STATIC_BASE_URL}static/schutzkonzept/pdf.css"]
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    assert "Hallo" in pdf_text(path)


def test_unfinished_documents_have_no_file_yet(wb_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        letter = antragsbestaetigung_create(acting_user=wb_a.user, wegbegleiter=wb_a)
    assert Antragsbestaetigung.objects.get(pk=letter.pk).pdf == ""
    assert not Unterzeichnung.objects.exists()
