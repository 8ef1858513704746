"""Checking an uploaded PDF: is it a genuine, unaltered certificate of this system?"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from labelapp.certificates import load_pdf_stack
from labelapp.certificates.keys import KeyPair
from labelapp.models import Certificate
from labelapp.models import CertificateCopy
from labelapp.models import PublicStatus
from labelapp.text import Text
from labelapp.text import msg

if TYPE_CHECKING:
    from labelapp.certificates.signing import SignatureCheck


class NotAPdf(ValueError):
    """The upload is empty or its content is not a PDF; its argument, a Text, says which."""


@dataclass(frozen=True)
class UploadCheck:
    sha256: str
    certificate: Certificate | None  # the certificate whose issued bytes these are
    signature: SignatureCheck

    @property
    def genuine(self) -> bool:
        """Byte for byte the PDF we issued, and its signature holds."""
        return self.certificate is not None and self.signature.genuine

    @property
    def explanation(self) -> Text:
        if self.genuine:
            return msg(
                "It is byte for byte the PDF this label issued, and its signature is intact."
            )
        if self.certificate is not None:
            return msg(
                "Its bytes match a certificate this label issued, but its signature cannot be "
                "confirmed with the issuer keys configured here. Contact the label's office."
            )
        if self.signature.by_issuer and not (self.signature.intact and self.signature.whole_file):
            return msg(
                "It carries this label's signature, but the file was changed after signing: "
                "it is not an unaltered certificate."
            )
        if self.signature.genuine:
            return msg(
                "It carries this label's intact signature but is not in the register of issued "
                "certificates. Contact the label's office."
            )
        return msg(
            "It is not a certificate issued by this label, or it was altered: its content "
            "matches no issued certificate."
        )


_DOWNLOAD_LABELS = {
    PublicStatus.VALID: msg("Download the certificate (PDF)"),
    PublicStatus.REVOKED: msg(
        "Download the PDF as issued — no longer valid: the label was revoked"
    ),
    PublicStatus.SUSPENDED: msg(
        "Download the PDF as issued — not valid while the label is suspended"
    ),
    PublicStatus.EXPIRED: msg(
        "Download the PDF as issued — no longer valid: the label has expired"
    ),
    PublicStatus.SUPERSEDED: msg(
        "Download the PDF as issued — no longer valid: a newer certificate replaced it"
    ),
}


def download_label(status: PublicStatus) -> Text:
    """The link to a certificate's PDF: the PDF stays evidence, but only a valid one is
    offered as the certificate; any other says what it no longer is."""
    return _DOWNLOAD_LABELS[status]


def validity_warning(certificate: Certificate, status: PublicStatus) -> Text | None:
    """What an authentic PDF of ``certificate`` no longer proves today; None while valid."""
    if status is PublicStatus.VALID:
        return None
    changed = certificate.status_changed_at
    day = changed.date() if changed is not None else None
    if status is PublicStatus.REVOKED:
        if day is None:
            return msg("This PDF is authentic but no longer valid: the label was revoked.")
        return msg(
            "This PDF is authentic but no longer valid: the label was revoked on %(day)s.",
            day=day,
        )
    if status is PublicStatus.SUSPENDED:
        if day is None:
            return msg("This PDF is authentic but not valid while the label is suspended.")
        return msg(
            "This PDF is authentic but not valid while the label is suspended "
            "(suspended on %(day)s).",
            day=day,
        )
    if status is PublicStatus.EXPIRED:
        return msg(
            "This PDF is authentic but no longer valid: the label expired after %(day)s.",
            day=certificate.valid_until,
        )
    newer = certificate.superseded_by
    if newer is None:
        return msg(
            "This PDF is authentic but no longer valid: a newer certificate replaced it and "
            "states the organisation's current label."
        )
    return msg(
        "This PDF is authentic but no longer valid: a newer certificate, %(number)s, replaced "
        "it and states the organisation's current label.",
        number=newer.number,
    )


def check_upload(session: Session, data: bytes, pair: KeyPair) -> UploadCheck:
    """Look the file up by its SHA-256 and check its signature; stores nothing.

    Raises:
        NotAPdf: empty, or the content is not a PDF.
        SigningError: the PDF libraries or the issuer certificate cannot be used.
    """
    if not data:
        raise NotAPdf(msg("The file is empty. Choose the certificate's PDF file."))
    if not data[:1024].lstrip(b"\r\n\t ").startswith(b"%PDF-"):
        raise NotAPdf(msg("This file is not a PDF. Certificates of this label are PDF files."))
    load_pdf_stack()  # loaded on first use (decision 0010)
    from labelapp.certificates.signing import check_signature

    sha256 = hashlib.sha256(data).hexdigest()
    # The PDF as issued, or a copy in another language (decision 21).
    certificate = session.scalar(
        select(Certificate).where(Certificate.pdf_sha256 == sha256)
    ) or session.scalar(
        select(Certificate)
        .join(CertificateCopy, CertificateCopy.certificate_id == Certificate.id)
        .where(CertificateCopy.pdf_sha256 == sha256)
    )
    return UploadCheck(sha256, certificate, check_signature(data, pair))
