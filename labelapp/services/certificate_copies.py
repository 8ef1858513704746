"""A certificate in another language than it was issued in (decision 21).

A certificate is issued in its organisation's certificate language. An English copy
can be downloaded as well: it is rendered from the same record when first asked for,
signed with the same key, stored and served from then on, so that every copy anyone
holds passes the PDF check. Copies are only made of a label that is valid today.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from labelapp.models import Certificate
from labelapp.models import CertificateCopy
from labelapp.models import PublicStatus
from labelapp.services import audit
from labelapp.services import certificates
from labelapp.services.actor import SYSTEM
from labelapp.services.certificates import IssuingSettings
from labelapp.services.errors import NotAllowed
from labelapp.services.storage import store_file
from labelapp.text import msg

# Besides the language it was issued in, a certificate can be read in English, the
# language every partner of a European label reads.
COPY_LANGUAGE = "en"


def languages_of(certificate: Certificate) -> list[str]:
    """The languages the certificate's PDF exists in or can be had in, the issued one first."""
    if certificate.language == COPY_LANGUAGE:
        return [certificate.language]
    return [certificate.language, COPY_LANGUAGE]


def pdf_key_in(
    session: Session, certificate: Certificate, language: str, issuing: IssuingSettings
) -> str:
    """The stored PDF of the certificate in ``language``, made and kept on first request.

    Raises:
        NotAllowed: the certificate is not offered in that language, or a copy would
            have to be made of a label that is not valid today.
    """
    if language == certificate.language:
        return certificate.pdf_key
    if language not in languages_of(certificate):
        raise NotAllowed(msg("This certificate is not offered in that language."))
    kept = _copy(session, certificate, language)
    if kept is not None:
        return kept.pdf_key
    if certificate.public_status(certificates.today()) is not PublicStatus.VALID:
        raise NotAllowed(msg("A copy in another language is only made of a valid label."))
    content = certificates.content_of(session, certificate, issuing, language)
    pdf = certificates.signed_pdf(content, certificates.signing_pair(issuing.certificates))
    try:
        # Two first downloads at once: one copy is kept, the other request reads it.
        with session.begin_nested():
            stored = store_file(session, pdf, "application/pdf")
            session.add(
                CertificateCopy(
                    certificate_id=certificate.id,
                    language=language,
                    pdf_key=stored.key,
                    pdf_sha256=stored.sha256,
                )
            )
            session.flush()
    except IntegrityError:
        kept = _copy(session, certificate, language)
        assert kept is not None  # the other request's copy, committed
        return kept.pdf_key
    audit.record(
        session,
        SYSTEM,
        "certificate.copy_made",
        "certificate",
        certificate.number,
        details={"language": language, "pdf_sha256": stored.sha256},
    )
    return stored.key


def _copy(session: Session, certificate: Certificate, language: str) -> CertificateCopy | None:
    return session.scalar(
        select(CertificateCopy).where(
            CertificateCopy.certificate_id == certificate.id, CertificateCopy.language == language
        )
    )
