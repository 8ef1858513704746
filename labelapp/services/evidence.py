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
from labelapp.services.assessments import scheme_of
from labelapp.services.assessments import touch
from labelapp.services.errors import ValidationFailed
from labelapp.services.storage import RefusedFile
from labelapp.services.storage import safe_download_name
from labelapp.services.storage import sniff
from labelapp.services.storage import store_file


def _require_item(assessment: Assessment, item_id: str) -> None:
    if scheme_of(assessment).item(item_id) is None:
        raise ValidationFailed([(None, "Not a criterion or indicator of this assessment.")])


def add_file(
    session: Session,
    actor: Actor,
    assessment: Assessment,
    item_id: str,
    filename: str,
    data: bytes,
    expected_version: int | None = None,
) -> Evidence:
    """Attach an uploaded document after checking its type by content.

    Raises:
        NotAllowed, StaleState, ValidationFailed (refused type, unknown item).
    """
    require_editor(session, actor, assessment)
    check_version(assessment, expected_version)
    _require_item(assessment, item_id)
    try:
        kind = sniff(data)
    except RefusedFile as refused:
        raise ValidationFailed([(f"file__{item_id}", str(refused))]) from None
    stored: StoredFile = store_file(session, data, kind.media_type)
    evidence = Evidence(
        item_id=item_id,
        file_key=stored.key,
        original_name=safe_download_name(filename or "evidence", kind.extension),
        media_type=kind.media_type,
        size=stored.size,
        sha256=stored.sha256,
        uploaded_by_id=actor.user_id,
    )
    assessment.evidence.append(evidence)
    touch(session, assessment)
    audit.record(
        session,
        actor,
        "evidence.added",
        "assessment",
        assessment.id,
        details={"item": item_id, "evidence_id": evidence.id, "sha256": stored.sha256},
    )
    return evidence


def add_link(
    session: Session,
    actor: Actor,
    assessment: Assessment,
    item_id: str,
    url: str,
    expected_version: int | None = None,
) -> Evidence:
    """Attach a link (http or https only) as evidence.

    Raises:
        NotAllowed, StaleState, ValidationFailed.
    """
    require_editor(session, actor, assessment)
    check_version(assessment, expected_version)
    _require_item(assessment, item_id)
    parts = urlsplit(url)
    if parts.scheme not in {"https", "http"} or not parts.hostname or len(url) > 2000:
        raise ValidationFailed(
            [(f"url__{item_id}", "Enter a full web address, e.g. https://cluster.example/report.")]
        )
    evidence = Evidence(item_id=item_id, url=url, uploaded_by_id=actor.user_id)
    assessment.evidence.append(evidence)
    touch(session, assessment)
    audit.record(
        session,
        actor,
        "evidence.added",
        "assessment",
        assessment.id,
        details={"item": item_id, "evidence_id": evidence.id, "url": url},
    )
    return evidence


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
