"""Evidence for answers: uploaded documents and links."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from labelapp.models import Assessment
from labelapp.models import Evidence
from labelapp.models import StoredFile
from labelapp.services import audit
from labelapp.services.actor import Actor
from labelapp.services.assessments import check_version
from labelapp.services.assessments import require_editor
from labelapp.services.assessments import touch
from labelapp.services.storage import RefusedFile
from labelapp.services.storage import safe_download_name
from labelapp.services.storage import sniff
from labelapp.services.storage import store_file
from labelapp.text import Text
from labelapp.text import msg

MAX_LINK_LENGTH = 2000


class RefusedEvidence(ValueError):
    """A document or link that cannot be evidence; the message says why, for its field."""

    def __init__(self, message: Text) -> None:
        super().__init__(message)
        self.message = message


def document(session: Session, actor: Actor, item_id: str, filename: str, data: bytes) -> Evidence:
    """A document stored as evidence for an item, its type checked by content.

    Not yet attached: ``answer_pages.save_page``, which has checked the manager and
    the page's version, attaches it and records it.

    Raises:
        RefusedEvidence: a type that is not allowed, or no content.
    """
    try:
        kind = sniff(data)
    except RefusedFile as refused:
        raise RefusedEvidence(refused.message) from None
    stored: StoredFile = store_file(session, data, kind.media_type)
    return Evidence(
        item_id=item_id,
        file_key=stored.key,
        original_name=safe_download_name(filename or "evidence", kind.extension),
        media_type=kind.media_type,
        size=stored.size,
        sha256=stored.sha256,
        uploaded_by_id=actor.user_id,
    )


WEB_ADDRESS = msg("Enter a full web address, e.g. https://cluster.example/report.")


def is_web_address(url: str) -> bool:
    """An http or https address with a host, of at most MAX_LINK_LENGTH characters."""
    parts = urlsplit(url)
    return (
        parts.scheme in {"https", "http"} and bool(parts.hostname) and len(url) <= MAX_LINK_LENGTH
    )


def link(actor: Actor, item_id: str, url: str) -> Evidence:
    """A web address (http or https only) as evidence for an item; not yet attached.

    Raises:
        RefusedEvidence: another scheme, no host, or over 2,000 characters.
    """
    if not is_web_address(url):
        raise RefusedEvidence(WEB_ADDRESS)
    return Evidence(item_id=item_id, url=url, uploaded_by_id=actor.user_id)


def record_added(
    session: Session, actor: Actor, assessment: Assessment, evidence: Evidence
) -> None:
    """The audit event of attached evidence: its item, and its file's hash or its address."""
    details: dict[str, object] = {"item": evidence.item_id, "evidence_id": evidence.id}
    if evidence.file_key is not None:
        details["sha256"] = evidence.sha256
    else:
        details["url"] = evidence.url
    audit.record(session, actor, "evidence.added", "assessment", assessment.id, details=details)


def delete_evidence(
    session: Session, actor: Actor, evidence: Evidence, expected_version: int | None = None
) -> None:
    """Remove evidence from a draft; a submitted assessment keeps all of its evidence.

    Raises:
        NotAllowed: not a manager, or the assessment is no longer a draft.
        StaleState: the assessment changed since the caller read it.
    """
    assessment = evidence.assessment
    require_editor(session, actor, assessment)
    check_version(assessment, expected_version)
    details = {"item": evidence.item_id, "evidence_id": evidence.id, "sha256": evidence.sha256}
    key = evidence.file_key
    assessment.evidence.remove(evidence)
    touch(session, assessment)
    if key is not None:
        stored = session.get(StoredFile, key)
        if stored is not None:
            session.delete(stored)
    audit.record(session, actor, "evidence.deleted", "assessment", assessment.id, details=details)


def file_content(session: Session, evidence: Evidence) -> io.BytesIO:
    """The stored bytes of an uploaded document.

    Raises:
        LookupError: the evidence is a link, or its file is gone.
    """
    stored = session.get(StoredFile, evidence.file_key) if evidence.file_key else None
    if stored is None:
        raise LookupError("no stored file for this evidence")
    return io.BytesIO(stored.content)
