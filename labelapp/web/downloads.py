"""Serving stored evidence: always an attachment, never cached, never run by the browser."""

from __future__ import annotations

from flask import send_file
from werkzeug.wrappers import Response

from labelapp.db import db_session
from labelapp.models import Evidence
from labelapp.services import evidence as evidence_service


def evidence_download(item: Evidence) -> Response:
    """The stored bytes of an uploaded document as a download (the caller checked access)."""
    response = send_file(
        evidence_service.file_content(db_session(), item),
        mimetype=item.media_type,
        as_attachment=True,
        download_name=item.original_name,
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
