"""The certificate PDF: its text in every EU script, its QR code, its signature, its sandbox."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import unicodedata
from datetime import date

import pypdfium2 as pdfium
import pytest
import zxingcpp
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from fontTools.ttLib import TTFont
from pyhanko.pdf_utils.reader import PdfFileReader
from weasyprint.urls import FatalURLFetchingError

from labelapp.certificates.content import CertificateContent
from labelapp.certificates.fontbuild import CODE_POINTS
from labelapp.certificates.keys import create_development_pair
from labelapp.certificates.rendering import FONTS_DIR
from labelapp.certificates.rendering import renderer
from labelapp.certificates.signing import check_signature
from labelapp.certificates.signing import sign_pdf
from tests.fixtures.app import signing_pair

URL = "https://label.example.test/verify/CEL-2026-00042-K"
# Names in the scripts and with the diacritics of the EU's official languages.
NAMES = [
    "Łódzki Klaster ICT",
    "Moravskoslezský klastr Žďár",
    "Ελληνικό Σύμπλεγμα Καινοτομίας",
    "Български клъстер за иновации",
    "Cluster Știință și Țesături București",
    "Klasteris „Šiaulių“ ĀĒĪŪ Ģ Ķ Ļ Ņ",
    "Għaqda tal-Ħaddiema Ċ Ġ Ż",
    "Großer Verbund für Öko & Söhne",
    "Ő Ű Ä Å Æ Ø ß Ñ Ç Ÿ Œ",
]


def content(name: str = NAMES[0], level: str = "Gold — proven excellence") -> CertificateContent:
    return CertificateContent(
        number="CEL-2026-00042-K",
        organisation=name,
        country="Poland",
        level=level,
        scheme="Cluster Excellence Label",
        criteria_version="2026.1",
        issued_on=date(2026, 11, 25),
        valid_until=date(2028, 11, 25),
        verify_url=URL,
        issuer="Test Issuer",
    )


def page_text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        text = page.get_textpage().get_text_range()
        page.close()
        return " ".join(text.split())
    finally:
        document.close()


@pytest.fixture(scope="module")
def signed() -> bytes:
    return sign_pdf(renderer().render(content()), signing_pair(), "Test Issuer")


@pytest.mark.parametrize("name", NAMES)
def test_names_in_every_eu_script_come_out_as_text(name):
    pdf = renderer().render(content(name))
    assert name in page_text(pdf)


def test_the_bundled_font_covers_every_letter_of_those_names():
    """No name falls back to a system font (which would be slow and may be missing)."""
    for path in FONTS_DIR.glob("*.ttf"):
        covered = set(TTFont(path).getBestCmap())
        assert {ord(char) for name in NAMES for char in name} <= covered, path.name
        assigned = {code for code in CODE_POINTS if unicodedata.name(chr(code), None)}
        assert assigned <= covered


def test_the_pdf_states_organisation_level_number_dates_and_issuer(signed):
    text = page_text(signed)
    for expected in [
        "Łódzki Klaster ICT",
        "Gold — proven excellence",
        "CEL-2026-00042-K",
        "Cluster Excellence Label",
        "2026.1",
        "25 November 2026",
        "25 November 2028",
        "Test Issuer",
        "Poland",
    ]:
        assert expected in text


def test_the_award_reads_as_a_certificate_naming_label_level_and_version_once():
    stated = dataclasses.replace(content(), scheme_note="own scheme inspired by the EFQM model")
    text = page_text(renderer().render(stated))
    assert (
        "This certifies that the cluster organisation Łódzki Klaster ICT Poland has been "
        "awarded the Cluster Excellence Label at the level Gold — proven excellence Assessed "
        "against the label’s criteria, version 2026.1 (own scheme inspired by the EFQM model)"
    ) in text
    assert text.count("2026.1") == 1 and text.count("Cluster Excellence Label") == 1


def test_the_pdf_is_a4_landscape_pdf_a(signed):
    document = pdfium.PdfDocument(signed)
    width, height = document[0].get_size()
    document.close()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (297, 210)
    metadata = PdfFileReader(io.BytesIO(signed)).root["/Metadata"].data
    assert b'pdfaid:part="3"' in metadata or b"<pdfaid:part>3</pdfaid:part>" in metadata


def _decoded(pdf: bytes, scale: float) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    image = document[0].render(scale=scale).to_pil()
    document.close()
    return [code.text for code in zxingcpp.read_barcodes(image)]


def test_its_qr_code_decodes_to_the_verification_url(signed):
    assert _decoded(signed, 2) == [URL]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:5000/verify/CEL-2026-00001-N",
        "https://certificates.cluster-excellence-label.example.eu/verify/CEL-2031-123456-C",
        "https://label.example.org/verify/ZZZZZZZZ-2099-99999-A",
    ],
)
def test_qr_codes_of_other_addresses_decode_too_even_printed_small(url):
    pdf = renderer().render(dataclasses.replace(content(), verify_url=url))
    assert _decoded(pdf, 1) == [url]  # about 100 dpi: a phone photo of a printout


def test_the_signature_validates_and_covers_the_whole_file(signed):
    check = check_signature(signed, signing_pair())
    assert check.genuine
    signature = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"


def test_the_signature_names_the_issuer_certificate_as_pades_requires(signed):
    """PAdES baseline B: the signed signing-certificate-v2 attribute holds the issuer
    certificate's SHA-256 (built once per key, so it must still be this one's)."""
    signature = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    attributes = {a["type"].native: a["values"] for a in signature.signer_info["signed_attrs"]}
    assert set(attributes) == {"content_type", "message_digest", "signing_certificate_v2"}
    (ess,) = attributes["signing_certificate_v2"][0]["certs"]
    issuer = x509.load_pem_x509_certificate(signing_pair().cert_path.read_bytes())
    assert ess["cert_hash"].native == hashlib.sha256(issuer.public_bytes(Encoding.DER)).digest()
    assert signature.signer_cert.sha256 == ess["cert_hash"].native


def test_one_changed_byte_breaks_the_signature(signed):
    position = signed.index(b"CEL-2026") if b"CEL-2026" in signed else len(signed) // 3
    altered = bytearray(signed)
    altered[position] ^= 0x01
    assert not check_signature(bytes(altered), signing_pair()).genuine


def test_another_issuer_key_is_not_ours(signed, tmp_path):
    stranger = create_development_pair(tmp_path, "Someone Else")
    forged = sign_pdf(renderer().render(content()), stranger, "Someone Else")
    check = check_signature(forged, signing_pair())
    assert check.signed and not check.by_issuer and not check.genuine


def test_an_unsigned_or_broken_file_is_not_genuine():
    assert not check_signature(renderer().render(content()), signing_pair()).signed
    assert not check_signature(b"%PDF-1.7 nonsense", signing_pair()).genuine


@pytest.mark.parametrize(
    "name", ["<b>Bold</b> & {{ 7 * 7 }} {% raw %}", "</p><img src='file:///etc/passwd'>"]
)
def test_names_are_printed_literally_never_as_markup(name):
    text = page_text(renderer().render(content(name)))
    assert name.replace("  ", " ") in text


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "https://example.org/logo.png", "labelapp-font:../../x.ttf"]
)
def test_a_certificate_may_not_load_files_or_network_resources(url):
    html = f'<html><body><img src="{url}"><p>x</p></body></html>'
    with pytest.raises(FatalURLFetchingError):
        renderer().render_html(html)


def test_after_a_key_change_pdfs_signed_with_the_earlier_key_still_check(tmp_path):
    earlier = create_development_pair(tmp_path / "2026", "Test Issuer")
    signed_then = sign_pdf(renderer().render(content()), earlier, "Test Issuer")
    current = create_development_pair(tmp_path / "2029", "Test Issuer")
    assert not check_signature(signed_then, current).genuine
    remembering = dataclasses.replace(current, previous_certs=(earlier.cert_path,))
    assert check_signature(signed_then, remembering).genuine
