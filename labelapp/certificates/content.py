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
    level: str  # the level's title: "Gold — proven excellence"
    scheme: str  # the label's (the scheme's) name, without its version: "Cluster Excellence Label"
    criteria_version: str
    issued_on: date
    valid_until: date
    verify_url: str
    issuer: str
    # What the scheme's title says of it in brackets: "own scheme inspired by …".
    scheme_note: str = ""
    # The language it is printed in (en, de, fr); the texts above are already in it.
    language: str = "en"
    # The assessment's first day; None on labels issued before it was recorded.
    assessed_on: date | None = None
