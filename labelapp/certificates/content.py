"""What a certificate says, exactly as printed: the input of rendering."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CertificateContent:
    """What a certificate says, exactly as printed."""

    number: str
    organisation: str
    country: str
    level: str
    scheme: str
    criteria_version: str
    issued_on: date
    valid_until: date
    verify_url: str
    issuer: str
