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
from labelapp.models import PublicStatus

if TYPE_CHECKING:
    from labelapp.certificates.signing import SignatureCheck


class NotAPdf(ValueError):
    """The upload is empty or its content is not a PDF."""


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
    def explanation(self) -> str:
        if self.genuine:
            return "It is byte for byte the PDF this label issued, and its signature is intact."
        if self.certificate is not None:
            return (
                "Its bytes match a certificate this label issued, but its signature cannot be "
                "confirmed with the issuer keys configured here. Contact the label's office."
            )
        if self.signature.by_issuer and not (self.signature.intact and self.signature.whole_file):
            return (
                "It carries this label's signature, but the file was changed after signing: "
                "it is not an unaltered certificate."
            )
        if self.signature.genuine:
            return (
                "It carries this label's intact signature but is not in the register of issued "
                "certificates. Contact the label's office."
            )
        return (
            "It is not a certificate issued by this label, or it was altered: its content "
            "matches no issued certificate."
        )


_DOWNLOAD_LABELS = {
    PublicStatus.VALID: "Download the certificate (PDF)",
    PublicStatus.REVOKED: "Download the PDF as issued — no longer valid: the label was revoked",
    PublicStatus.SUSPENDED: "Download the PDF as issued — not valid while the label is suspended",
    PublicStatus.EXPIRED: "Download the PDF as issued — no longer valid: the label has expired",
    PublicStatus.SUPERSEDED: (
        "Download the PDF as issued — no longer valid: a newer certificate replaced it"
    ),
}


def download_label(status: PublicStatus) -> str:
    """The link to a certificate's PDF: the PDF stays evidence, but only a valid one is
    offered as the certificate; any other says what it no longer is."""
    return _DOWNLOAD_LABELS[status]


def validity_warning(certificate: Certificate, status: PublicStatus) -> str:
    """What an authentic PDF of ``certificate`` no longer proves today; "" while valid."""
    if status is PublicStatus.VALID:
        return ""
    changed = certificate.status_changed_at
    since = f" on {changed.date().isoformat()}" if changed is not None else ""
    if status is PublicStatus.REVOKED:
        return f"This PDF is authentic but no longer valid: the label was revoked{since}."
    if status is PublicStatus.SUSPENDED:
        return (
            f"This PDF is authentic but not valid while the label is suspended (suspended{since})."
        )
    if status is PublicStatus.EXPIRED:
        return (
            "This PDF is authentic but no longer valid: the label expired after "
            f"{certificate.valid_until.isoformat()}."
        )
    newer = certificate.superseded_by
    by = f", {newer.number}," if newer is not None else ""
    return (
        f"This PDF is authentic but no longer valid: a newer certificate{by} replaced it and "
        "states the organisation's current label."
    )


def check_upload(session: Session, data: bytes, pair: KeyPair) -> UploadCheck:
    """Look the file up by its SHA-256 and check its signature; stores nothing.

    Raises:
        NotAPdf: empty, or the content is not a PDF.
        SigningError: the PDF libraries or the issuer certificate cannot be used.
    """
    if not data:
        raise NotAPdf("The file is empty. Choose the certificate's PDF file.")
    if not data[:1024].lstrip(b"\r\n\t ").startswith(b"%PDF-"):
        raise NotAPdf("This file is not a PDF. Certificates of this label are PDF files.")
    load_pdf_stack()  # loaded on first use (decision 0010)
    from labelapp.certificates.signing import check_signature

    sha256 = hashlib.sha256(data).hexdigest()
    certificate = session.scalar(select(Certificate).where(Certificate.pdf_sha256 == sha256))
    return UploadCheck(sha256, certificate, check_signature(data, pair))
