"""The embeddable SVG badge: label level and current status, in a flat two-part pill."""

from __future__ import annotations

from flask import Response
from flask import current_app
from flask import render_template
from flask_babel import gettext

from labelapp.models import Certificate
from labelapp.models import PublicStatus
from labelapp.text import N_
from labelapp.web.templating import printed_level

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


# The status as the badge says it, in the reader's language (lower case, as a badge reads).
STATUS_WORDS = {
    PublicStatus.VALID: N_("valid"),
    PublicStatus.EXPIRED: N_("expired"),
    PublicStatus.SUPERSEDED: N_("superseded"),
    PublicStatus.SUSPENDED: N_("suspended"),
    PublicStatus.REVOKED: N_("revoked"),
}


def render_badge(certificate: Certificate | None, status: PublicStatus | None) -> Response:
    """The badge as SVG in the reader's language (``?lang=`` chooses it for an embed); an
    unknown number (``None``) gets a grey "not found" badge, a 404."""
    left = str(current_app.config["LABELAPP_ISSUER_NAME"])
    if certificate is None or status is None:
        right, colour, state = gettext("certificate not found"), UNKNOWN_COLOUR, "unknown"
    else:
        level = printed_level(certificate).split(" — ", 1)[0]  # "Gold", "Silber"
        right = f"{level} · {gettext(STATUS_WORDS[status])}"
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
    return Response(
        svg, 200 if certificate is not None else 404, content_type="image/svg+xml; charset=utf-8"
    )
