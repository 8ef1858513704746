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


# Open Badges 3.0 (decision 35): each credential, its issuer, the issuer's keys and the
# list of credentials no longer to be trusted are all addresses of the public API.
def credential_url(number: str, base: str) -> str:
    """The certificate as an Open Badges credential (also the credential's id)."""
    return f"{base}/api/v1/certificates/{number}/credential"


def issuer_url(base: str) -> str:
    """The issuer's profile (the ``issuer.id`` of every credential)."""
    return f"{base}/api/v1/issuer"


def issuer_key_url(base: str, key_id: str) -> str:
    """One public key of the issuer as a JWK (what a credential's ``kid`` names)."""
    return f"{base}/api/v1/issuer/keys/{key_id}"


def revocation_list_url(base: str) -> str:
    """The 1EdTech revocation list every credential's status points at."""
    return f"{base}/api/v1/credentials/revocations"


def criteria_url(scheme: str, version: str, base: str) -> str:
    """A published criteria version, readable by anyone."""
    return f"{base}/criteria/{scheme}/{version}"


def achievement_url(scheme: str, version: str, level: str, base: str) -> str:
    """A level of a criteria version: what an Open Badges achievement is."""
    return f"{criteria_url(scheme, version, base)}#level-{level}"
