"""The embeddable SVG badge: label level and current status, in a flat two-part pill."""

from __future__ import annotations

import hashlib
from datetime import date

from flask import current_app
from flask import render_template

from labelapp.models import Certificate
from labelapp.models import PublicStatus

COLOURS = {
    PublicStatus.VALID: "#2e7d32",
    PublicStatus.EXPIRED: "#6b6b6b",
    PublicStatus.SUPERSEDED: "#6b6b6b",
    PublicStatus.SUSPENDED: "#b35c00",
    PublicStatus.REVOKED: "#b00020",
}
UNKNOWN_COLOUR = "#6b6b6b"


def _width(text: str) -> int:
    # DejaVu/Verdana-like widths at 11 px: about 6.6 px a character, plus padding.
    return round(len(text) * 6.6) + 12


def badge(certificate: Certificate | None, on: date) -> tuple[str, str]:
    """The SVG and its ETag; an unknown number gets a grey "not found" badge."""
    left = str(current_app.config["LABELAPP_ISSUER_NAME"])
    if certificate is None:
        right, colour, state = "certificate not found", UNKNOWN_COLOUR, "unknown"
    else:
        status = certificate.public_status(on)
        level = certificate.level.capitalize()
        right = f"{level} · {status.value}"
        colour, state = COLOURS[status], status.value
    svg = render_template(
        "public/badge.svg",
        left=left,
        right=right,
        colour=colour,
        left_width=_width(left),
        right_width=_width(right),
        number=certificate.number if certificate else "",
        state=state,
    )
    return svg, hashlib.sha256(svg.encode()).hexdigest()[:32]
