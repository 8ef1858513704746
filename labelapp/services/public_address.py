"""The service's public address and the links to a certificate built on it.

Certificates print the verification link in their QR code, and a signed PDF
cannot be corrected afterwards, so every absolute link follows the rule here.
Production names the address (``LABELAPP_BASE_URL``, required there). In
development and tests it may be left unset: then it is the address the request
actually reached (``PORT=5101 make run`` gives ``http://127.0.0.1:5101``), or,
outside a request (a CLI command), the address ``labelapp serve`` binds.

Nothing here reads the app or the request: ``labelapp.settings`` builds the
``PublicAddress`` once, and the caller says which address a request reached
(``labelapp.web.settings.base_url`` for views; decision 20).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PublicAddress:
    """The configured address (``LABELAPP_BASE_URL``, "" when unset) and what serve binds."""

    configured: str
    bind: str

    def base_url(self, reached: str | None = None) -> str:
        """The public address without a trailing slash, e.g. ``https://label.example.org``.

        ``reached`` is the address the current request reached (its host URL), None
        outside a request; it counts only when no address is configured.
        """
        if self.configured:
            return self.configured
        if reached:
            return reached.rstrip("/")
        return f"http://{self.bind}"


def verification_url(number: str, base: str) -> str:
    """The public status page of a certificate (what its QR code holds)."""
    return f"{base}/verify/{number}"


def pdf_url(number: str, base: str, language: str | None = None, issued_in: str = "") -> str:
    """The PDF as issued, or its copy in ``language`` when that is not the issued one."""
    if language is None or language == issued_in:
        return f"{base}/certificates/{number}.pdf"
    return f"{base}/certificates/{number}/{language}.pdf"


def badge_url(number: str, base: str) -> str:
    return f"{base}/badge/{number}.svg"
