"""The service's public address and the links to a certificate built on it.

Certificates print the verification link in their QR code, and a signed PDF
cannot be corrected afterwards, so every absolute link comes from here.
Production names the address (``LABELAPP_BASE_URL``, required there). In
development and tests it may be left unset: then it is the address the request
actually reached (``PORT=5101 make run`` gives ``http://127.0.0.1:5101``), or,
outside a request (a CLI command), the address ``labelapp serve`` binds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app
from flask import has_request_context
from flask import request
from flask import url_for


def base_url(config: Mapping[str, Any] | None = None) -> str:
    """The public address without a trailing slash, e.g. ``https://label.example.org``."""
    config = config if config is not None else current_app.config
    configured = str(config["LABELAPP_BASE_URL"] or "")
    if configured:
        return configured
    if has_request_context():
        return request.host_url.rstrip("/")
    return f"http://{config['LABELAPP_BIND']}"


def page_url(endpoint: str, **values: Any) -> str:
    """An absolute link to one of the app's pages, for links people receive (reset, invitation)."""
    return f"{base_url()}{url_for(endpoint, **values)}"


def verification_url(number: str, base: str | None = None) -> str:
    """The public status page of a certificate (what its QR code holds)."""
    return f"{base or base_url()}/verify/{number}"


def pdf_url(number: str, base: str | None = None) -> str:
    return f"{base or base_url()}/certificates/{number}.pdf"


def badge_url(number: str, base: str | None = None) -> str:
    return f"{base or base_url()}/badge/{number}.svg"
