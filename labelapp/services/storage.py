"""Evidence files: type checked by content, stored in the database under random keys."""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from typing import NamedTuple

import filetype
from sqlalchemy.orm import Session

from labelapp.models import StoredFile
from labelapp.text import Text
from labelapp.text import msg


class FileKind(NamedTuple):
    extension: str
    media_type: str
    label: str


ALLOWED = {
    "pdf": FileKind("pdf", "application/pdf", "PDF"),
    "png": FileKind("png", "image/png", "PNG"),
    "jpg": FileKind("jpg", "image/jpeg", "JPEG"),
    "docx": FileKind(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word (DOCX)",
    ),
    "xlsx": FileKind(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)"
    ),
    "odt": FileKind("odt", "application/vnd.oasis.opendocument.text", "OpenDocument text (ODT)"),
    "ods": FileKind(
        "ods", "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument sheet (ODS)"
    ),
}
ALLOWED_LABELS = ", ".join(kind.label for kind in ALLOWED.values())
# The part each office format must contain, so a renamed ZIP is not taken for one.
_REQUIRED_PART = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "odt": "content.xml",
    "ods": "content.xml",
}


class RefusedFile(ValueError):
    """The upload is empty or not one of the allowed types; the message says which."""

    def __init__(self, message: Text) -> None:
        super().__init__(message)
        self.message = message


def sniff(data: bytes) -> FileKind:
    """The file's type, judged by its content only (never by its name).

    Raises:
        RefusedFile: empty, unknown, or not an allowed type.
    """
    if not data:
        raise RefusedFile(msg("The file is empty."))
    guess = filetype.guess(data)
    kind = ALLOWED.get(guess.extension) if guess else None
    if kind is None or not _container_is_sound(kind, data):
        raise RefusedFile(
            msg(
                "This file's content is not an allowed document type (%(types)s); "
                "the type is checked by content, not by the file name.",
                types=ALLOWED_LABELS,
            )
        )
    return kind


def _container_is_sound(kind: FileKind, data: bytes) -> bool:
    part = _REQUIRED_PART.get(kind.extension)
    if part is None:
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    return part in names


def store_file(session: Session, data: bytes, media_type: str) -> StoredFile:
    """Keep the bytes under a new random key, with their size and SHA-256."""
    stored = StoredFile(
        key=secrets.token_urlsafe(32),
        content=data,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=media_type,
    )
    session.add(stored)
    session.flush()
    return stored


def safe_download_name(name: str, extension: str) -> str:
    """A download name without path parts or control characters, with the true extension."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(char for char in base if char.isprintable() and char not in '"<>|:*?')
    stem = base.rsplit(".", 1)[0].strip() or "evidence"
    return f"{stem[:120]}.{extension}"
