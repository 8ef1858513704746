"""Absolute links follow the address actually served when no public address is configured,
and the configured one otherwise; a certificate's QR code is printed with it."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
import zxingcpp

from labelapp.db import db_session
from labelapp.models import StoredFile
from tests.labelapp.services.factories import issued

SERVED = "http://127.0.0.1:5101"


@pytest.fixture
def app_settings():
    return {"LABELAPP_BASE_URL": ""}  # as `PORT=5101 make run` leaves it


def _qr_codes(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    image = document[0].render(scale=2).to_pil()
    document.close()
    return [code.text for code in zxingcpp.read_barcodes(image)]


def _issue_during_a_request_to(app, manager, address: str):
    with app.test_request_context("/review", base_url=address):
        made = issued(db_session(), db_session().merge(manager))
        pdf = db_session().get(StoredFile, made.pdf_key).content
        db_session().commit()
        return made.number, pdf


def test_a_certificate_issued_on_another_port_prints_that_port_in_its_qr_code(app, manager):
    number, pdf = _issue_during_a_request_to(app, manager, SERVED)
    assert _qr_codes(pdf) == [f"{SERVED}/verify/{number}"]


def test_the_api_and_the_csv_link_to_the_address_the_visitor_used(app, client, manager):
    number, _pdf = _issue_during_a_request_to(app, manager, SERVED)
    found = client.get(f"/api/v1/certificates/{number}", base_url=SERVED).get_json()
    assert found["verification_url"] == f"{SERVED}/verify/{number}"
    assert found["pdf_url"] == f"{SERVED}/certificates/{number}.pdf"
    export = client.get("/registry.csv", base_url=SERVED).get_data(as_text=True)
    assert f"{SERVED}/verify/{number}" in export


@pytest.mark.parametrize("app_settings", [{"LABELAPP_BASE_URL": "https://label.example.org"}])
def test_a_configured_public_address_wins_over_the_request(app, client, manager):
    number, pdf = _issue_during_a_request_to(app, manager, SERVED)
    assert _qr_codes(pdf) == [f"https://label.example.org/verify/{number}"]
    found = client.get(f"/api/v1/certificates/{number}", base_url=SERVED).get_json()
    assert found["verification_url"] == f"https://label.example.org/verify/{number}"


@pytest.mark.parametrize(
    "app_settings", [{"LABELAPP_BASE_URL": "", "LABELAPP_BIND": "127.0.0.1:5202"}]
)
def test_outside_a_request_links_use_the_address_serve_binds(app, manager):
    with app.app_context():
        made = issued(db_session(), db_session().merge(manager))
        pdf = db_session().get(StoredFile, made.pdf_key).content
    assert _qr_codes(pdf) == [f"http://127.0.0.1:5202/verify/{made.number}"]
